/**
 * Robustness speed: iterative FGSM (10 steps, each a forward and an EventProp backward with input
 * gradients) on the Yin-Yang network (4 → 100 → 3, 60 steps) and spike-time IFGSM on the SHD-size
 * network (700 → 256 recurrent → 20, delays ≤ 62 steps, 250 steps, ≈3000 input spikes); and FISTA
 * group-sparse codes of 784-d inputs over 1024 atoms (32 groups of 32).
 */
import { it } from 'vitest'
import { yinYangParams } from '../preload/api'
import { generateYinYangSplit } from '../main/data/yinyang'
import { attack } from '../main/robust/attacks'
import { snnModel, yinYangEncoder } from '../main/robust/models'
import { DEFAULT_FISTA, dictionaryFrom, fista, lipschitz } from '../main/robust/sparse'
import { spikeAttack, spikeNetModel } from '../main/robust/spike-attacks'
import { initParams } from '../main/snn/init'
import { compile } from '../main/snn/model'
import { preset } from '../main/train/presets'
import { Rng } from '../main/util/rng'
import { figure } from './report'

it('IFGSM-10 on the Yin-Yang network', () => {
  const s = preset('yinyang').settings
  const plan = compile(s.network)
  const params = initParams(plan, s.init, 1)
  const gen = yinYangParams.parse({ sizes: { train: 1, validation: 0, test: 200 } })
  const d = generateYinYangSplit(gen, 'test', 200)
  const model = snnModel('yy', plan, params, yinYangEncoder(gen.encoding))
  const t = performance.now()
  for (let i = 0; i < 200; i++) attack(model, Float64Array.of(d.x[i]!, d.y[i]!), d.labels[i]!, { kind: 'ifgsm', norm: 'linf', eps: 0.05, steps: 10, lo: 0, hi: 1, seed: i })
  figure('Yin-Yang, IFGSM-10', 200 / ((performance.now() - t) / 1000), 'attacked samples/s')
})

it('spike-time IFGSM-10 on the SHD-size network', () => {
  const plan = compile({
    dt: 1, steps: 250, inputs: 700, maxDelay: 62, readout: 'avg-exp',
    hidden: [{ size: 256, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn' }],
    output: { size: 20, tauM: 20, tauS: 5 }
  })
  const params = initParams(plan, { weight: { input: { mean: 0.04, sd: 0.03 }, hidden: { mean: 0.02, sd: 0.03 }, recurrent: { mean: 0, sd: 0.03 }, output: { mean: 0, sd: 0.03 } }, delay: { feedforward: 62, recurrent: 30 }, positionRange: 1 }, 1)
  const rng = new Rng(5)
  const model = spikeNetModel(plan, params)
  const N = Number(process.env.ROBUST_SHD_SAMPLES ?? 8)
  const samples = Array.from({ length: N }, () => {
    const n = 2500 + rng.int(1000)
    return { times: Float32Array.from({ length: n }, () => rng.uniform() * 249), units: Uint16Array.from({ length: n }, () => rng.int(700)), label: rng.int(20) }
  })
  const spikes = samples.reduce((a, s) => a + model.lossGrad(s).time.length, 0) / N
  figure('input spikes per sample', spikes, '')
  const t = performance.now()
  samples.forEach((s, k) => spikeAttack(model, s, { kind: 'shift', eps: 5, steps: 10, random: false }, k, 250))
  figure('SHD-size, spike-time IFGSM-10', N / ((performance.now() - t) / 1000), 'attacked samples/s')
})

it('FISTA group-sparse codes, 784-d inputs, 1024 atoms', () => {
  const rng = new Rng(2)
  const atoms = Array.from({ length: 1024 }, () => {
    const a = Float64Array.from({ length: 784 }, () => rng.normal())
    const n = Math.hypot(...a)
    return a.map((v) => v / n)
  })
  const d = dictionaryFrom(atoms, 32)
  const L = lipschitz(d)
  const xs = Array.from({ length: 10 }, () => Float64Array.from({ length: 784 }, () => rng.normal()))
  const o = { ...DEFAULT_FISTA, lambda: 2, tol: 1e-6, maxIter: 500 }
  let iterations = 0
  const t = performance.now()
  for (const x of xs) iterations += fista(d, x, o, L).iterations
  const s = (performance.now() - t) / 1000
  figure('FISTA codes', xs.length / s, 'codes/s')
  figure('FISTA iterations per code', iterations / xs.length, '')
})
