/**
 * The end of a training run, either method: the best checkpoint's test accuracy (stored as a test
 * metric, announced), the run's result and state. And loss and accuracy over a whole split, read
 * from the store in chunks.
 */
import type { BatchSummary } from '../../train/slice'
import type { JobContext } from './types'
import type { RunData, SplitSource } from './train-data'

/** What evaluates a split: the EventProp trainer, or the DCLS one (integer delays). */
export interface Evaluator {
  evaluate(samples: ReturnType<SplitSource['range']>, params?: Float64Array): Promise<BatchSummary>
}

export async function finish(ctx: JobContext, runId: number, trainer: Evaluator, data: RunData, stoppedEarly: boolean, seconds: number, how = '') {
  const { store } = ctx
  const bestCkpt = store.runs.checkpoint(runId, 'best')
  const result: { testAccuracy?: number; testLoss?: number; bestEpoch?: number; bestValidationAccuracy?: number; seconds: number; stoppedEarly: boolean } = { seconds, stoppedEarly }
  if (bestCkpt) {
    result.bestEpoch = bestCkpt.epoch + 1
    result.bestValidationAccuracy = bestCkpt.state.bestAccuracy
    if (data.test.size) {
      const t = await evaluateSplit(trainer, data.test, bestCkpt.params)
      result.testAccuracy = t.correct / t.count
      result.testLoss = t.loss / t.count
      store.runs.saveMetric(runId, bestCkpt.epoch + 1, { split: 'test', loss: result.testLoss, accuracy: result.testAccuracy })
      ctx.emit('run.metrics', { runId, epoch: bestCkpt.epoch + 1, split: 'test', loss: result.testLoss, accuracy: result.testAccuracy })
      ctx.log('info', `test accuracy ${(100 * result.testAccuracy).toFixed(2)}% (best epoch ${result.bestEpoch}${how}, ${seconds.toFixed(1)} s)`)
    }
  }
  store.runs.setState(runId, 'done', { result })
  ctx.emit('runs.changed', { id: runId })
  return { runId, ...result }
}

export async function evaluateSplit(trainer: Evaluator, src: SplitSource, params?: Float64Array): Promise<BatchSummary> {
  const total: BatchSummary = { loss: 0, correct: 0, count: 0, hiddenSpikes: 0 }
  for (let start = 0; start < src.size; start += 1024) {
    const r = await trainer.evaluate(src.range(start, 1024), params)
    total.loss += r.loss; total.correct += r.correct; total.count += r.count; total.hiddenSpikes += r.hiddenSpikes
  }
  return total
}
