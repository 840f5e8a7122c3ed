/**
 * Rewiring (§D.3): the signed representation is the papers' magnitude one, connection counts
 * stay at their budget through many steps of real training, signs never flip, and RigL regrows
 * exactly the absent synapses whose gradients promise most (cases with gradients set by hand).
 */
import { describe, expect, it } from 'vitest'
import { budget, presentCount } from '../snn/connectivity'
import { type NetworkSpec, compile } from '../snn/model'
import { shdLikeModel, shdLikeSample } from '../data/shd-like'
import { Rng } from '../util/rng'
import { Adam } from './adam'
import { Rewirer, topK } from './rewire'
import { Trainer, type TrainSettings } from './trainer'

const lif = { tauM: 20, tauS: 5, threshold: 1 }

describe('signed weights under Dale are the papers\' magnitudes', () => {
  it('Adam on w = s·m moves w by s times its move of m, step after step', () => {
    const spec: NetworkSpec = { dt: 1, steps: 5, inputs: 3, maxDelay: 0, readout: 'avg', hidden: [], output: { size: 2, ...lif } }
    const plan = compile(spec)
    const s = [1, -1, -1, 1, 1, -1]
    const m = Float64Array.from([0.3, 0.2, 0.5, 0.1, 0.4, 0.6])
    const w = Float64Array.from(m, (x, k) => s[k]! * x)
    const adamM = new Adam(plan, { weight: 0.01, delay: 0, position: 0 }, false)
    const adamW = new Adam(plan, { weight: 0.01, delay: 0, position: 0 }, false)
    const rng = new Rng(4)
    for (let t = 0; t < 20; t++) {
      const gw = Float64Array.from(m, () => rng.normal())
      adamW.update(w, gw)
      adamM.update(m, Float64Array.from(gw, (g, k) => s[k]! * g)) // ∂L/∂m = s·∂L/∂w
      for (let k = 0; k < m.length; k++) expect(w[k]).toBeCloseTo(s[k]! * m[k]!, 14)
    }
  })
})

function settings(regrow: 'none' | 'random' | 'rigl', every = 1): TrainSettings {
  return {
    network: {
      dt: 2, steps: 100, inputs: 40, maxDelay: 20, readout: 'avg-exp', excitatory: 0.7,
      hidden: [{ size: 24, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn', inputConn: { dale: true, density: 0.1 }, recurrentConn: { dale: false, density: 0.2 } }],
      output: { size: 4, ...lif, conn: { dale: true, density: 1 } }
    },
    init: {
      weight: { input: { mean: 0.5, sd: 0.3 }, hidden: { mean: 0, sd: 0.1 }, recurrent: { mean: 0, sd: 0.3 }, output: { mean: 0, sd: 0.3 } },
      delay: { feedforward: 10, recurrent: 10 }, positionRange: 1
    },
    seed: 5, batchSize: 8, epochs: 1, lr: { weight: 0.05, delay: 0.5, position: 0 }, easeIn: false,
    reg: { k: 0, nu: 0 }, cost: { l1: 0, gamma: 0 }, silentBoost: 0, rewire: { regrow, every }
  }
}

function samples(n: number) {
  const p = { seed: 2, classes: 4, channels: 40, duration: 180, speakers: 3, testOnlySpeakers: 0, spikesPerSample: 300, noise: 0.2, sizes: { train: n, validation: 0, test: 0 } }
  const model = shdLikeModel(p), rng = new Rng(9)
  return Array.from({ length: n }, () => shdLikeSample(p, model, rng, false))
}

describe('rewiring during training', () => {
  it.each(['rigl', 'random'] as const)('%s: every sparse projection keeps its budget, no Dale sign flips, over 30 batches', async (regrow) => {
    const t = new Trainer(settings(regrow, regrow === 'rigl' ? 3 : 1))
    const data = samples(8 * 30)
    const { plan } = t
    const signs = (prj: (typeof plan.projections)[number]) => Float64Array.from({ length: prj.nPre }, (_, i) => t.params[prj.signOffset + i]!)
    const before = plan.projections.map((prj) => (prj.dale ? signs(prj) : null))
    t.startEpoch(0)
    let removed = 0
    for (let b = 0; b < 30; b++) {
      await t.trainBatch(data.slice(b * 8, (b + 1) * 8))
      for (const [x, prj] of plan.projections.entries()) {
        if (prj.density < 1) expect(presentCount(t.params, prj), `projection ${x} after batch ${b}`).toBe(budget(prj))
        if (!prj.dale) continue
        expect(signs(prj)).toEqual(before[x])
        for (let i = 0; i < prj.nPre; i++)
          for (let j = 0; j < prj.nPost; j++) expect(t.params[prj.wOffset + i * prj.nPost + j]! * t.params[prj.signOffset + i]!).toBeGreaterThanOrEqual(0)
      }
      removed = t.rewireCounts()!.removed
    }
    const c = t.rewireCounts()!
    console.log(`${regrow}: removed ${c.removed}, regrown ${c.regrown}, clipped ${c.clipped} over 30 batches`)
    expect(removed).toBeGreaterThan(0) // rewiring really happened
    expect(c.regrown).toBe(c.removed)
  })

  it('a run resumed from an epoch\'s checkpoint (parameters with the signs, Adam) rewires exactly as one that went on', async () => {
    const data = samples(8 * 6)
    const epoch = async (t: Trainer, e: number): Promise<void> => {
      t.startEpoch(e)
      for (let b = 0; b < 3; b++) await t.trainBatch(data.slice((e % 2) * 24 + b * 8, (e % 2) * 24 + (b + 1) * 8))
    }
    const straight = new Trainer(settings('random', 2))
    for (let e = 0; e < 3; e++) await epoch(straight, e)
    const first = new Trainer(settings('random', 2))
    for (let e = 0; e < 2; e++) await epoch(first, e)
    const resumed = new Trainer(settings('random', 2), { params: first.params.slice(), adam: { step: first.adam.state.step, m: first.adam.state.m.slice(), v: first.adam.state.v.slice() } })
    await epoch(resumed, 2)
    expect(Array.from(resumed.params)).toEqual(Array.from(straight.params))
    expect(resumed.rewireCounts()).toEqual(straight.rewireCounts())
  })

  it.each(['fixed', 'position'] as const)('with %s recurrent delays: budget, signs, and the delays\' parameters still learn', async (mode) => {
    const base = settings('rigl', 1)
    const h = base.network.hidden[0]!
    const t = new Trainer({
      ...base,
      network: { ...base.network, hidden: [{ ...h, recurrentDelay: mode, recurrentConn: { dale: true, density: 0.3 }, ...(mode === 'position' ? { positions: { dims: 2, scale: 5 } } : {}) }] },
      lr: { ...base.lr, position: 0.05 }
    })
    const rec = t.plan.projections[1]!
    expect(rec.dale && rec.density === 0.3 && rec.delayMode === mode).toBe(true)
    const pos = t.plan.populations[1]!
    const before = mode === 'position' ? t.params.slice(pos.posOffset, pos.posOffset + pos.size * 2) : null
    const data = samples(8 * 10)
    t.startEpoch(0)
    for (let b = 0; b < 10; b++) {
      await t.trainBatch(data.slice(b * 8, (b + 1) * 8))
      expect(presentCount(t.params, rec)).toBe(budget(rec))
      for (let i = 0; i < rec.nPre; i++) for (let j = 0; j < rec.nPost; j++) expect(t.params[rec.wOffset + i * rec.nPost + j]! * t.params[rec.signOffset + i]!).toBeGreaterThanOrEqual(0)
    }
    if (before) expect(Array.from(t.params.subarray(pos.posOffset, pos.posOffset + pos.size * 2))).not.toEqual(Array.from(before))
  })

  it('none: removed synapses stay removed, so the count falls', async () => {
    const t = new Trainer(settings('none'))
    const data = samples(8 * 10)
    t.startEpoch(0)
    for (let b = 0; b < 10; b++) await t.trainBatch(data.slice(b * 8, (b + 1) * 8))
    const c = t.rewireCounts()!
    expect(c.regrown).toBe(0)
    expect(c.removed).toBeGreaterThan(0)
    const shortfall = t.plan.projections.filter((p) => p.density < 1).reduce((s, p) => s + budget(p) - presentCount(t.params, p), 0)
    expect(shortfall).toBe(c.removed)
  })
})

describe('RigL with known gradients', () => {
  const spec = (dale: boolean): NetworkSpec => ({
    dt: 1, steps: 5, inputs: 2, maxDelay: 0, readout: 'avg', excitatory: 0.5,
    hidden: [], output: { size: 3, ...lif, conn: { dale, density: 0.5 } }
  })

  it('without Dale: the absent synapses with the largest |∂L/∂w|, grown against the gradient', () => {
    const plan = compile(spec(false))
    const prj = plan.projections[0]!
    // 2 × 3 synapses, budget 3: present (0,0), (0,1), (1,2); absent (0,2), (1,0), (1,1)
    const params = new Float64Array(plan.paramCount)
    params.set([0.001, 0.5, 0, 0, 0, -0.4], prj.wOffset)
    const adam = new Adam(plan, { weight: 0.01, delay: 0, position: 0 }, false)
    const r = new Rewirer(plan, { regrow: 'rigl', every: 1 }, new Rng(1))
    // (0,0) is pushed through zero and removed; absent gradients: (0,2) −0.3, (1,0) +0.9, (1,1) 0.1
    const grad = Float64Array.from([5, 0, -0.3, 0.9, 0.1, 0])
    expect(r.wantsDense()).toBe(true)
    r.beforeStep(params, grad, true)
    expect(Array.from(grad)).toEqual([5, 0, 0, 0, 0, 0])
    adam.update(params, grad)
    const step = r.afterStep(params, adam.state)
    expect(step).toEqual({ removed: 1, regrown: 1, clipped: 0 })
    // (1,0) has the largest |g| among absent ones: grown at 1e-12 against its gradient
    expect(params[prj.wOffset + 3]).toBe(-1e-12)
    expect(params[prj.wOffset]).toBe(0)
    expect(presentCount(params, prj)).toBe(3)
  })

  it('under Dale: the most negative ∂L/∂|w| = s·∂L/∂w, grown with the neuron\'s sign', () => {
    const plan = compile(spec(true))
    const prj = plan.projections[0]!
    const params = new Float64Array(plan.paramCount)
    params[prj.signOffset] = 1
    params[prj.signOffset + 1] = -1
    // present (0,0) tiny, (0,1), (1,2); absent (0,2), (1,0), (1,1)
    params.set([0.001, 0.5, 0, 0, 0, -0.4], prj.wOffset)
    const adam = new Adam(plan, { weight: 0.01, delay: 0, position: 0 }, false)
    const r = new Rewirer(plan, { regrow: 'rigl', every: 1 }, new Rng(1))
    // absent: (0,2) s=+1, g=−0.3 → ∂L/∂m −0.3; (1,0) s=−1, g=+0.9 → −0.9; (1,1) s=−1, g=−2 → +2 (largest |g|, wrong way)
    const grad = new Float64Array(plan.paramCount)
    grad.set([5, 0, -0.3, 0.9, -2, 0], prj.wOffset)
    r.beforeStep(params, grad, true)
    adam.update(params, grad)
    r.afterStep(params, adam.state)
    expect(params[prj.wOffset + 3]).toBe(-1e-12)
    expect(params[prj.wOffset + 4]).toBe(0)
    expect(params[prj.wOffset + 2]).toBe(0)
  })

  it('ranks by the last dense gradient between dense batches (every = 2)', () => {
    const plan = compile(spec(false))
    const r = new Rewirer(plan, { regrow: 'rigl', every: 2 }, new Rng(1))
    const params = new Float64Array(plan.paramCount)
    params.set([0.5, 0.5, 0, 0, 0, -0.4], plan.projections[0]!.wOffset)
    const adam = new Adam(plan, { weight: 0.01, delay: 0, position: 0 }, false)
    expect(r.wantsDense()).toBe(true)
    r.beforeStep(params, Float64Array.from([0, 0, 0.2, -0.7, 0.1, 0]), true)
    adam.update(params, new Float64Array(6))
    r.afterStep(params, adam.state)
    expect(r.wantsDense()).toBe(false)
  })
})

describe('top-k selection', () => {
  it('equals a full sort (score descending, ties to the earlier key) for small and large k', () => {
    const rng = new Rng(2)
    const keys = Array.from({ length: 3000 }, (_, k) => k)
    const values = keys.map(() => Math.round(rng.normal() * 20) / 4) // many ties
    for (const want of [1, 5, 64, 65, 500]) {
      const sorted = keys.map((k) => [k, values[k]!] as const).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, want).map((e) => e[0])
      expect(topK(keys, (k) => values[k]!, want)).toEqual(sorted)
    }
  })
})
