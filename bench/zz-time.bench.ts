import { it } from 'vitest'
import { CpuNetwork } from '../main/snn/cpu/network'
import { initParams } from '../main/snn/init'
import { compile } from '../main/snn/model'
import { Rng } from '../main/util/rng'
import { shdSizeSample } from './report'

it.each(['learn', 'none'] as const)('time %s', (delay) => {
  const spec = {
    dt: 1, steps: 250, inputs: 700, maxDelay: 62, readout: 'avg-exp' as const,
    hidden: [{ size: 256, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: delay, recurrentDelay: delay }],
    output: { size: 20, tauM: 20, tauS: 5 }
  }
  const plan = compile(spec)
  const params = initParams(plan, { weight: { input: { mean: 0.03, sd: 0.01 }, hidden: { mean: 0.02, sd: 0.03 }, recurrent: { mean: 0, sd: 0.02 }, output: { mean: 0, sd: 0.03 } }, delay: { feedforward: 62, recurrent: 30 }, positionRange: 1 }, 1)
  const rng = new Rng(5)
  const samples = Array.from({ length: 32 }, () => shdSizeSample(rng, 250, 700))
  const net = new CpuNetwork(plan)
  const k = (net as any).kernels
  const times: Record<string, number> = {}
  for (const name of Object.keys(k)) {
    const f = k[name]
    if (typeof f !== 'function' || name === 'f64' || name === 'i32' || name === 'owns') continue
    k[name] = (...a: unknown[]) => { const t0 = performance.now(); const r = f(...a); times[name] = (times[name] ?? 0) + performance.now() - t0; return r }
  }
  const grad = new Float64Array(plan.paramCount)
  let total = 0, spikes = 0
  for (let rep = 0; rep < 6; rep++) {
    for (const key of Object.keys(times)) times[key] = 0
    const t0 = performance.now()
    net.setParams(params)
    const fwds = samples.map((s) => net.forward(s))
    spikes = fwds.reduce((a, f) => a + f.tapes[1]!.length, 0) / 32
    net.backwardAll(fwds, grad, { scale: 1 / 32 })
    net.recycle(fwds)
    total = (performance.now() - t0) / 32
  }
  console.log(`[time] ${delay}: ${spikes} hidden spikes, total ${total.toFixed(3)} ms/sample; ` + Object.entries(times).map(([a, b]) => `${a} ${(b / 32).toFixed(3)}`).join(', '))
})
