/**
 * Worker-thread entry of the threaded CPU engine: runs its share of each batch on its own network.
 * Parameters and gradients live in shared memory; only samples, counts and summaries are sent.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { compile } from '../snn/model'
import { SliceRunner, unpackSamples } from '../train/slice'
import type { BatchReply, BatchRequest, BatchWorkerData } from './batch-protocol'

const data = workerData as BatchWorkerData
const plan = compile(data.spec)
const runner = new SliceRunner(plan)
const params = new Float64Array(data.params)
const grad = new Float64Array(data.grad)
const delayGrads: Float64Array[] = []
let offset = 0
for (const g of runner.net.delayGrads) {
  delayGrads.push(new Float64Array(data.delayGrads, offset * 8, g.length))
  offset += g.length
}

const reply = (m: BatchReply): void => parentPort!.postMessage(m)

parentPort!.on('message', (m: BatchRequest) => {
  try {
    if (m.t === 'forward') {
      const r = runner.forward(params, unpackSamples(m.samples), m.keep)
      reply({ t: 'forward', ...r })
    } else {
      grad.fill(0)
      runner.backward(grad, delayGrads, m.batch, m.reg, m.counts, m.denseGrads)
      reply({ t: 'backward' })
    }
  } catch (e) {
    reply({ t: 'error', message: e instanceof Error ? e.message : String(e) })
  }
})
