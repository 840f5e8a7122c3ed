/**
 * Worker-thread entry of the Loihi 2 emulation job: a share of a split's samples through the
 * float model and the emulator (main/loihi/report.ts emulateShare), results sent back in order.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { emulateShare } from '../loihi/report'
import type { LoihiNetwork } from '../loihi/quantise'
import { type NetworkSpec, compile } from '../snn/model'
import { type PackedSamples, unpackSamples } from '../train/slice'

const data = workerData as { spec: NetworkSpec; params: Float64Array; net: LoihiNetwork }
const plan = compile(data.spec)

parentPort!.on('message', (m: { id: number; samples: PackedSamples }) => {
  try {
    parentPort!.postMessage({ id: m.id, ...emulateShare(plan, data.params, data.net, unpackSamples(m.samples)) })
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) })
  }
})
