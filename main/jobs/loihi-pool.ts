/**
 * A split's samples through the float model and the Loihi 2 emulator on K threads: chunks of
 * samples handed to worker threads (out/main/loihi-worker.js) as they free up, results kept in
 * order; on this thread when K is 1. Used by the emulation job and its benchmark.
 */
import { Worker } from 'node:worker_threads'
import type { LoihiNetwork } from '../loihi/quantise'
import { emulateShare } from '../loihi/report'
import type { SpikeSample } from '../snn/cpu/network'
import type { Plan } from '../snn/model'
import { packSamples } from '../train/slice'

export type Share = ReturnType<typeof emulateShare>

export async function emulateSplit(o: {
  plan: Plan; params: Float64Array; net: LoihiNetwork; count: number; chunk: number; threads: number; workerFile: string | null
  samples: (start: number, count: number) => SpikeSample[]; progress?: (done: number) => void; cancelled?: () => boolean
}): Promise<Share[]> {
  const chunks = Math.ceil(o.count / o.chunk)
  const at = (c: number): SpikeSample[] => o.samples(c * o.chunk, Math.min(o.chunk, o.count - c * o.chunk))
  const results: Share[] = new Array(chunks)
  let done = 0
  if (o.threads <= 1 || !o.workerFile) {
    for (let c = 0; c < chunks && !o.cancelled?.(); c++) {
      results[c] = emulateShare(o.plan, o.params, o.net, at(c))
      done += results[c]!.float.length
      o.progress?.(done)
    }
    return results
  }
  const workers = Array.from({ length: o.threads }, () => new Worker(o.workerFile!, { workerData: { spec: o.plan.spec, params: o.params, net: o.net } }))
  try {
    let next = 0
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const give = (): void => {
        if (o.cancelled?.() || next >= chunks) return resolve()
        const c = next++
        w.postMessage({ id: c, samples: packSamples(at(c)) })
      }
      w.on('message', (m: Share & { id: number; error?: string }) => {
        if (m.error) return reject(new Error(m.error))
        results[m.id] = m
        done += m.float.length
        o.progress?.(done)
        give()
      })
      w.on('error', reject)
      give()
    })))
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
  return results
}
