/**
 * Input spikes enter in emission order, by time and then channel, whatever order a sample stores
 * them in: already in order, nearly (float32 times that tie with their channels out of order,
 * which an insertion sort mends) or not at all (a full sort).
 */
import { describe, expect, it } from 'vitest'
import { Rng } from '../../util/rng'
import { compile } from '../model'
import { CpuNetwork, type SpikeSample } from './network'

const plan = compile({
  dt: 1, steps: 40, inputs: 30, maxDelay: 4, readout: 'avg-exp',
  hidden: [{ size: 6, tauM: 20, tauS: 5, threshold: 1, recurrent: false, inputDelay: 'fixed', recurrentDelay: 'none' }],
  output: { size: 2, tauM: 20, tauS: 5 }
})

/** The input tape as (step, channel, the spike's time and channel in the sample). */
function entries(s: SpikeSample): number[][] {
  const f = new CpuNetwork(plan, { kernels: 'typescript' }).forward(s)
  const t = f.tapes[0]!
  return Array.from({ length: t.length }, (_, c) => [t.steps[c]!, t.neurons[c]!, s.times[f.inputIndex[c]!]!, s.units[f.inputIndex[c]!]!])
}

describe('input spike order', () => {
  const rng = new Rng(4)
  // times on a coarse grid, so many tie; sorted by time, then channel
  const spikes = Array.from({ length: 400 }, () => [Math.round(rng.uniform() * 150) / 4, rng.int(30)] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const sample = (list: readonly (readonly [number, number])[]): SpikeSample => ({ times: Float32Array.from(list, (x) => x[0]), units: Int32Array.from(list, (x) => x[1]), label: 0 })
  const want = entries(sample(spikes))

  it('is the same from a sample in order, nearly in order, or shuffled', () => {
    expect(want.length).toBeGreaterThan(300)
    expect(want.every((e, c) => c === 0 || e[2]! > want[c - 1]![2]! || (e[2] === want[c - 1]![2] && e[3]! >= want[c - 1]![3]!))).toBe(true)
    // ties with their channels reversed
    const nearly = spikes.slice().sort((a, b) => a[0] - b[0] || b[1] - a[1])
    expect(nearly.some((x, k) => k > 0 && x[0] === nearly[k - 1]![0] && x[1] < nearly[k - 1]![1])).toBe(true)
    expect(entries(sample(nearly))).toEqual(want)
    const shuffled = spikes.slice()
    for (let k = shuffled.length - 1; k > 0; k--) {
      const q = rng.int(k + 1)
      ;[shuffled[k], shuffled[q]] = [shuffled[q]!, shuffled[k]!]
    }
    expect(entries(sample(shuffled))).toEqual(want)
  })

  it('keeps duplicate spikes (same time, same channel) in the order the sample has them', () => {
    const dup: [number, number][] = [[3, 2], [1, 5], [3, 2], [1, 5], [2, 0]]
    const f = new CpuNetwork(plan, { kernels: 'typescript' }).forward(sample(dup))
    expect(Array.from(f.inputIndex.subarray(0, f.tapes[0]!.length))).toEqual([1, 3, 4, 0, 2])
  })
})
