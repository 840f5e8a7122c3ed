/**
 * Worker-thread entry: runs one job with its own store connection and reports through parentPort.
 * Whatever happens here (an exception, a crash) stays in this thread; the runner marks the job.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { Store } from '../store/index'
import { CancelFlag, CancelledError } from '../util/cancel'
import { jobDefinition } from './kinds/index'
import type { WorkerData, WorkerMessage } from './protocol'

const data = workerData as WorkerData
const post = (m: WorkerMessage): void => parentPort?.postMessage(m)

async function main(): Promise<void> {
  const store = Store.open(data.storeFile, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {})
  try {
    const def = jobDefinition(data.kind)
    const params = def.parse(data.params)
    const result = await def.run(params, {
      store,
      cancel: new CancelFlag(data.cancel),
      progress: (progress, message) => post({ t: 'progress', progress, message }),
      log: (level, message) => post({ t: 'log', level, message }),
      emit: (name, payload) => post({ t: 'event', name, payload }),
      batchWorkerFile: data.batchWorkerFile
    })
    post({ t: 'done', result: result ?? null })
  } catch (e) {
    const cancelled = e instanceof CancelledError
    post({ t: 'error', error: e instanceof Error ? e.message : String(e), cancelled })
  } finally {
    store.close()
  }
}

void main()
