/**
 * Attacks on spike trains (SHD, SSC, RawHD, any spike dataset), through EventProp's exact input
 * gradients: spike-time shifts within ±ε ms following sign(∂L/∂t) (iterative, projected), and
 * deletions of the spikes whose removal raises the loss most to first order (−∂L/∂a); each with a
 * random baseline of the same size (uniform shifts in ±ε, random deletions). No I/O.
 */
import { CpuNetwork, type SpikeSample } from '../snn/cpu/network'
import { type Plan, delaySteps, projectionDelays } from '../snn/model'
import { Rng } from '../util/rng'

export interface SpikeModel {
  lossGrad(s: SpikeSample): { loss: number; time: Float64Array; presence: Float64Array; prediction: number }
  predict(s: SpikeSample): number
}

export function spikeNetModel(plan: Plan, params: Float64Array): SpikeModel {
  const net = new CpuNetwork(plan)
  net.setParams(params)
  const grad = new Float64Array(plan.paramCount)
  return {
    lossGrad(s) {
      const fwd = net.forward(s)
      const time = new Float64Array(s.times.length), presence = new Float64Array(s.times.length)
      net.clearDelayGrads()
      net.backward(fwd, grad, { scale: 1, inputGrads: time, inputPresence: presence })
      return { loss: fwd.loss, time, presence, prediction: fwd.prediction }
    },
    predict: (s) => net.forward(s).prediction
  }
}

export type SpikeAttack = { kind: 'shift'; eps: number; steps: number; random: boolean } | { kind: 'delete'; fraction: number; random: boolean }

export function spikeAttack(model: SpikeModel, s: SpikeSample, a: SpikeAttack, seed: number, tMax: number): { sample: SpikeSample; changed: number } {
  const rng = new Rng(seed)
  if (a.kind === 'shift') {
    const t0 = Float64Array.from(s.times)
    let t = Float64Array.from(t0)
    if (a.random) t = t0.map((v) => v + (2 * rng.uniform() - 1) * a.eps)
    else
      for (let k = 0; k < a.steps && a.eps > 0; k++) {
        const g = model.lossGrad({ ...s, times: t }).time
        t = t.map((v, i) => v + Math.sign(g[i]!) * ((2.5 * a.eps) / a.steps))
        t = t.map((v, i) => Math.min(t0[i]! + a.eps, Math.max(t0[i]! - a.eps, v)))
      }
    t = t.map((v) => Math.min(tMax, Math.max(0, v)))
    let changed = 0
    t.forEach((v, i) => { changed = Math.max(changed, Math.abs(v - t0[i]!)) })
    return { sample: { ...s, times: t }, changed }
  }
  const n = s.times.length, k = Math.round(a.fraction * n)
  let drop: number[]
  if (a.random) {
    const order = [...Array(n).keys()]
    for (let i = n - 1; i > 0; i--) { const r = rng.int(i + 1); [order[i], order[r]] = [order[r]!, order[i]!] }
    drop = order.slice(0, k)
  } else {
    const p = model.lossGrad(s).presence
    drop = [...Array(n).keys()].sort((x, y) => p[x]! - p[y]!).slice(0, k)
  }
  const gone = new Set(drop)
  const keep = [...Array(n).keys()].filter((i) => !gone.has(i))
  return { sample: { times: Float64Array.from(keep, (i) => s.times[i]!), units: Int32Array.from(keep, (i) => s.units[i]!), label: s.label }, changed: k }
}

/**
 * Accuracy of a model on spike samples attacked at each size (`attacked` gives the sample and how
 * much it changed), the mean change, and how often a right answer was flipped.
 */
export function spikeSweep(model: SpikeModel, samples: SpikeSample[], sizes: number[], attacked: (s: SpikeSample, size: number, k: number) => { sample: SpikeSample; changed: number }, onSample?: () => void): { size: number; accuracy: number; meanChange: number; success: number }[] {
  const clean = samples.map((s) => model.predict(s) === s.label)
  return sizes.map((size) => {
    let correct = 0, flipped = 0, changed = 0
    samples.forEach((s, k) => {
      const r = attacked(s, size, k)
      if (model.predict(r.sample) === s.label) correct++
      else if (clean[k]) flipped++
      changed += r.changed
      onSample?.()
    })
    const right = clean.filter(Boolean).length
    return { size, accuracy: correct / samples.length, meanChange: changed / samples.length, success: right ? flipped / right : 0 }
  })
}

/**
 * Spike insertion: the first-order gain in loss of adding a spike on channel c in step n is
 * Σ_j w_cj·(−τs·λ_I,j) at its arrival step n + 1 + d_cj; the `count` candidates with the largest
 * gain are added (or, as the baseline, `count` random ones). The adjoints come from one backward pass.
 */
export function insertSpikes(plan: Plan, params: Float64Array, s: SpikeSample, count: number, random: boolean, seed: number): SpikeSample {
  const rng = new Rng(seed)
  const { dt, steps } = plan.spec
  const inputs = plan.populations[0]!.size
  const add: [number, number][] = []
  if (random) for (let k = 0; k < count; k++) add.push([(rng.int(steps - 1) + 0.5) * dt, rng.int(inputs)])
  else if (count > 0) {
    const net = new CpuNetwork(plan)
    net.setParams(params)
    const trace = plan.populations.map((p) => new Float64Array(p.kind === 'input' ? 0 : p.size * steps))
    net.backward(net.forward(s), new Float64Array(plan.paramCount), { scale: 1, adjointTrace: trace })
    const gain = new Float64Array(inputs * (steps - 1))
    for (const prj of plan.projections) {
      if (prj.pre !== 0) continue
      const post = plan.populations[prj.post]!, L = trace[prj.post]!, N = prj.nPost
      const d = delaySteps(plan, projectionDelays(plan, prj, params))
      for (let c = 0; c < inputs; c++)
        for (let j = 0; j < N; j++) {
          const w = params[prj.wOffset + c * N + j]!
          if (w === 0) continue
          for (let n = 0; n + 1 < steps; n++) {
            const m = n + 1 + d[c * N + j]!
            if (m < steps) gain[c * (steps - 1) + n]! -= w * post.tauS * L[m * N + j]!
          }
        }
    }
    const best = [...gain.keys()].sort((a, b) => gain[b]! - gain[a]!).slice(0, count)
    for (const k of best) add.push([(k % (steps - 1) + 0.5) * dt, Math.floor(k / (steps - 1))])
  }
  return { times: Float64Array.from([...s.times, ...add.map((a) => a[0])]), units: Int32Array.from([...s.units, ...add.map((a) => a[1])]), label: s.label }
}
