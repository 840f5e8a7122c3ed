/**
 * The sequence-detection task of arXiv 2501.07331 (§B.7): two inputs fire 10 ms apart; class 0 when
 * input 0 fires first, class 1 when input 1 does. Four patterns: both orders, starting at 0 or 2 ms.
 * With output weights fixed, only delays can bring the two spikes together at the right output.
 */
export interface SequenceSample {
  times: Float32Array
  units: Uint16Array
  label: number
}

export function sequencePatterns(gap = 10, starts: readonly number[] = [0, 2]): SequenceSample[] {
  const out: SequenceSample[] = []
  for (const t0 of starts)
    for (const label of [0, 1]) {
      const first = label === 0 ? 0 : 1
      out.push({ times: Float32Array.of(t0, t0 + gap), units: Uint16Array.of(first, 1 - first), label })
    }
  return out
}
