/** The integer test vectors of research/loihi.md §7 (TV1–TV3 are Lava's own gold vectors), and edge cases. */
import { describe, expect, it } from 'vitest'
import { type LifParams, checkLif, lifStep } from './lif'

/** One neuron driven by a_in per step: u, v and spikes after each step. */
function run(p: LifParams, a: number[], steps = a.length): { u: number[]; v: number[]; s: number[] } {
  const u = new Int32Array(1), v = new Int32Array(1)
  const out = { u: [] as number[], v: [] as number[], s: [] as number[] }
  for (let t = 0; t < steps; t++) {
    const spikes: number[] = []
    lifStep(u, v, [a[t] ?? 0], p, spikes)
    out.u.push(u[0]!); out.v.push(v[0]!); out.s.push(spikes.length)
  }
  return out
}

describe('Loihi 2 CUBA LIF, bit-accurate (loihi.md §7)', () => {
  it('TV1: du 0, dv 2048, one input', () => {
    const r = run({ du: 0, dv: 2048, vth: 256 }, [128], 8)
    expect(r.u).toEqual([8192, 8190, 8188, 8186, 8184, 8182, 8180, 8178])
    expect(r.v).toEqual([8192, 12286, 14331, 15351, 15859, 16111, 16235, 16295])
    expect(r.s.every((x) => x === 0)).toBe(true)
  })
  it('TV2: du 2047 halves u, dv 0', () => {
    const r = run({ du: 2047, dv: 0, vth: 256 }, [128], 8)
    expect(r.u).toEqual([8192, 4096, 2048, 1024, 512, 256, 128, 64])
    expect(r.v).toEqual([8192, 12288, 14336, 15360, 15872, 16128, 16256, 16320])
  })
  it('TV3: bias only, strict threshold, reset to 0', () => {
    const r = run({ du: 0, dv: 0, vth: 8, biasMant: 2, biasExp: 6 }, [], 10)
    expect(r.v).toEqual([128, 256, 384, 512, 0, 128, 256, 384, 512, 0])
    expect(r.s).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
  })
  it('TV4: the papers-like decays with inputs and spikes', () => {
    const r = run({ du: 722, dv: 200, vth: 20 }, [10, 0, 0, 5, 0, -3, 0, 12, 0, 0])
    expect(r.u).toEqual([640, 527, 433, 676, 556, 265, 218, 947, 779, 641])
    expect(r.v).toEqual([640, 1135, 0, 676, 1198, 0, 218, 1154, 0, 641])
    expect(r.s).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 1, 0])
  })
  it('TV5: negative values truncate toward zero', () => {
    const r = run({ du: 2047, dv: 1024, vth: 100 }, [-7, 0, 0, 0, 0])
    expect(r.u).toEqual([-448, -224, -112, -56, -28])
    expect(r.v).toEqual([-448, -560, -532, -455, -369])
  })
  it('TV6: truncation, not floor', () => {
    const r = run({ du: 1023, dv: 0, vth: 1000 }, [-1, 0, 0, 0, 0, 0])
    expect(r.u).toEqual([-64, -48, -36, -27, -20, -15])
    expect(r.v).toEqual([-64, -112, -148, -175, -195, -210])
  })
  it('TV7: u wraps by Lava\'s rule, v saturates and follows', () => {
    const r = run({ du: 0, dv: 4095, vth: 131071 }, Array(6).fill(32767))
    expect(r.u).toEqual([2097088, 4193664, 6289728, 8385280, -6296896, -4198270])
    expect(r.v).toEqual([2097088, 4194175, 6290751, 8386815, -6294849, -4199806])
  })
  it('TV11: the papers\' decays (du 741, dv 200)', () => {
    const r = run({ du: 741, dv: 200, vth: 800 }, [300], 8)
    expect(r.u).toEqual([19200, 15721, 12873, 10541, 8631, 7067, 5786, 4737])
    expect(r.v).toEqual([19200, 33983, 45196, 0, 8631, 15276, 20316, 24061])
    expect(r.s).toEqual([0, 0, 0, 1, 0, 0, 0, 0])
  })

  // cases of our own, from the same rules
  it('u of exactly +2^23 is not wrapped; one more wraps to −2^23 + 1', () => {
    const p = { du: 4095, dv: 4095, vth: 131071 } // du + 1 = 4096: u forgets, so u = a·64
    expect(run(p, [131072]).u).toEqual([8388608])
    expect(run(p, [131073]).u).toEqual([8388672 - 2 * 8388608])
    expect(run(p, [-131072]).u).toEqual([-8388608 + 2 * 8388608])
  })
  it('v saturates at −(2^23 − 1) instead of wrapping; above, a saturated v still spikes', () => {
    const neg = run({ du: 4095, dv: 0, vth: 131071 }, [-131071, -131071, -131071])
    expect(neg.v).toEqual([-8388544, -8388607, -8388607])
    const pos = run({ du: 4095, dv: 0, vth: 131071 }, [131071, 131071])
    expect(pos.v).toEqual([8388544, 0])
    expect(pos.s).toEqual([0, 1])
  })
  it('a spike needs v strictly above vth·64, and keeps u', () => {
    expect(run({ du: 4095, dv: 4095, vth: 1 }, [1]).s).toEqual([0])
    const r = run({ du: 0, dv: 4095, vth: 1 }, [2, 0])
    expect(r.s).toEqual([1, 1])
    expect(r.u).toEqual([128, 127])
  })
  it('refuses parameters that do not fit their registers, naming them', () => {
    expect(() => checkLif({ du: 4096, dv: 0, vth: 1 }, 'hidden 1')).toThrow(/hidden 1: du 4096/)
    expect(() => checkLif({ du: 0, dv: 0, vth: 131072 }, 'hidden 1')).toThrow(/17 bits/)
  })
})
