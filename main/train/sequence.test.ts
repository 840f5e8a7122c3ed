/** §G.8: the sequence-detection task is solved by learning delays and not without them. */
import { describe, expect, it } from 'vitest'
import { sequencePatterns } from '../data/sequence'
import { preset, withOverrides } from './presets'
import { Trainer } from './trainer'

async function train(delayLr: number): Promise<{ accuracy: number; epochs: number; delays: number[] }> {
  const settings = withOverrides(preset('sequence').settings, { 'lr.delay': delayLr })
  const t = new Trainer(settings)
  const data = sequencePatterns()
  let epochs = 0
  for (; epochs < settings.epochs; epochs++) {
    for (const s of data) await t.trainBatch([s])
    if ((await t.evaluate(data)).correct === data.length) break
  }
  const e = await t.evaluate(data)
  const prj = t.plan.projections[0]!
  return { accuracy: e.correct / e.count, epochs, delays: Array.from(t.params.subarray(prj.dOffset, prj.dOffset + 4)) }
}

describe('sequence detection (seed 1)', () => {
  it('is solved when delays learn from 0, and stays at chance when they are fixed at 0', async () => {
    const learned = await train(1)
    expect(learned.accuracy).toBe(1)
    expect(learned.epochs).toBeLessThan(200)
    // a solution delays the first input of each class's order towards its output
    expect(Math.max(...learned.delays)).toBeGreaterThan(3)
    const fixed = await train(0)
    expect(fixed.accuracy).toBeLessThanOrEqual(0.5)
    expect(fixed.delays.every((d) => d === 0)).toBe(true)
  })
})
