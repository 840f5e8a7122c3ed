/**
 * The quantiser (loihi.md §1.5): the papers' worked numbers, and its refusals, each naming the
 * layer or projection. Then a trained Yin-Yang network on the emulated chip keeps its accuracy.
 */
import { describe, expect, it } from 'vitest'
import { yinYangParams } from '../../preload/api'
import { encodeYinYang, generateYinYangSplit } from '../data/yinyang'
import type { SpikeSample } from '../snn/cpu/network'
import { CpuNetwork } from '../snn/cpu/network'
import { type NetworkSpec, compile } from '../snn/model'
import { preset, withOverrides } from '../train/presets'
import { Trainer } from '../train/trainer'
import { LoihiEmulator } from './emulator'
import { percentile, quantise } from './quantise'

const spec = (maxDelay = 10): NetworkSpec => ({
  dt: 1, steps: 20, inputs: 4, maxDelay, readout: 'avg-exp',
  hidden: [{ size: 5, tauM: 20, tauS: 5, threshold: 1, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }],
  output: { size: 2, tauM: 20, tauS: 5 }
})

function params(plan: ReturnType<typeof compile>, w: (k: number) => number, d = 0): Float64Array {
  const p = new Float64Array(plan.paramCount)
  for (const x of plan.projections) {
    for (let k = 0; k < x.nPre * x.nPost; k++) p[x.wOffset + k] = w(k)
    if (x.dOffset >= 0) p.fill(d, x.dOffset, x.dOffset + x.nPre * x.nPost)
  }
  return p
}

describe('quantisation for Loihi 2', () => {
  it('gives the papers\' decays and the worked scale (dt 1 ms, τs 5, τm 20: du 741, dv 200; max 0.05 → 2^−11, vThMant 2048)', () => {
    const plan = compile(spec())
    const ws = 0.048771 * 5 * 0.181269
    // |W'| up to 0.05: weights up to 0.05/ws, spread so that the 99th percentile is near the top
    const net = quantise(plan, params(plan, (k) => ((k % 2 ? 1 : -1) * 0.05 * (0.5 + 0.5 * ((k % 10) / 9))) / ws))
    const h = net.layers[0]!
    expect([h.iDecay, h.lif.du, h.lif.dv]).toEqual([742, 741, 200])
    expect(Math.log2(h.scale)).toBe(-11)
    expect(h.lif.vth).toBe(2048)
    expect(net.layers[1]!.lif.vth).toBe(65536)
    expect(net.projections[0]!.weightExp).toBe(-1)
    expect(Math.max(...net.projections[0]!.int8)).toBeLessThanOrEqual(127)
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5)
  })

  it('refuses, naming what is wrong: delays over 62 steps, overflow, a threshold beyond 17 bits, no weights', () => {
    const plan = compile(spec(100))
    const ok = (k: number): number => ((k % 3) - 1) * 0.5
    expect(() => quantise(plan, params(plan, ok, 80))).toThrow(/input → hidden 1: a delay of 80 steps \(80\.00 ms at dt 1 ms\); Loihi 2 holds 0–62 steps/)
    const clamped = quantise(plan, params(plan, ok, 80), { percentile: 99, delays: 'clamp', maxClipped: 0.05 })
    expect(clamped.projections[0]!.maxDelay).toBe(62)
    expect(clamped.notes.join()).toMatch(/20 delays clamped to 62 steps/)
    expect(() => quantise(plan, params(plan, (k) => (k + 1) ** 4), { percentile: 60, delays: 'refuse', maxClipped: 0.05 })).toThrow(/hidden 1: \d+\.\d % of its incoming weights overflow the 8-bit range/)
    expect(() => quantise(plan, params(plan, (k) => (k % 2 ? 1e-9 : -1e-9)))).toThrow(/hidden 1: its threshold is \d+ weight units .* beyond Loihi's 17-bit threshold/)
    expect(() => quantise(plan, params(plan, () => 0))).toThrow(/hidden 1: every incoming weight is zero/)
  })

  it('keeps a trained Yin-Yang network\'s accuracy within 1.5 points on the emulated chip', async () => {
    const gen = yinYangParams.parse({ seed: 9, sizes: { train: 1500, validation: 0, test: 1000 } })
    const split = (s: 'train' | 'test'): SpikeSample[] => {
      const d = generateYinYangSplit(gen, s, gen.sizes[s])
      return Array.from(d.labels, (label, i) => ({ ...encodeYinYang(d.x[i]!, d.y[i]!, 0.5, gen.encoding), label }))
    }
    const train = split('train'), test = split('test')
    const s = withOverrides(preset('yinyang').settings, { epochs: 15, threads: 1 })
    const trainer = new Trainer(s)
    for (let e = 0; e < s.epochs; e++) {
      trainer.startEpoch(e)
      for (let b = 0; b < train.length; b += s.batchSize) await trainer.trainBatch(train.slice(b, b + s.batchSize))
      await trainer.endEpoch()
    }
    const f = new CpuNetwork(trainer.plan)
    f.setParams(trainer.params)
    const emu = new LoihiEmulator(quantise(trainer.plan, trainer.params))
    let fc = 0, ec = 0
    for (const x of test) {
      if (f.forward(x).prediction === x.label) fc++
      if (emu.run(x).prediction === x.label) ec++
    }
    console.log(`Yin-Yang, 15 epochs: float ${(fc / 10).toFixed(1)} %, emulated Loihi 2 ${(ec / 10).toFixed(1)} % on ${test.length} test samples`)
    expect(fc / test.length).toBeGreaterThan(0.8)
    expect(Math.abs(ec - fc) / test.length).toBeLessThanOrEqual(0.015)
    await trainer.close()
  }, 120_000)
})
