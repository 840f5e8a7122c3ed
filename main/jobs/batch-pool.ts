/**
 * The threaded CPU engine: each batch is cut into contiguous shares, one per thread: the first on
 * this thread (which would otherwise only wait), the others on worker threads. Two rounds per
 * batch: forward passes (which return spike counts), then, with the batch's summed counts for the
 * regulariser, the backward passes. Shares' gradients are summed in share order, so a run is
 * reproducible for a given thread count.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { SpikeSample } from '../snn/cpu/network'
import type { Plan } from '../snn/model'
import { type BatchGradients, type GradientEngine, type GradientOptions, LocalEngine, shares } from '../train/engine'
import { type BatchSummary, type RegSettings, SliceRunner, addSummaries, packSamples } from '../train/slice'
import type { BatchReply, BatchRequest, BatchWorkerData } from './batch-protocol'

interface Member {
  worker: Worker
  grad: Float64Array
  delayGrads: Float64Array[]
  pending?: { resolve(r: BatchReply): void; reject(e: Error): void }
}

/** Threads for a batch: the setting, or one per core (0); never more than the batch has samples. */
export function resolveThreads(setting: number, batchSize: number): number {
  return Math.max(1, Math.min(setting > 0 ? setting : availableParallelism(), batchSize))
}

/** The threaded engine when more than one thread is asked for and a worker file exists, else the local one. */
export function createCpuEngine(plan: Plan, threads: number, workerFile: string | undefined): GradientEngine {
  return threads > 1 && workerFile ? new ThreadedEngine(plan, threads, workerFile) : new LocalEngine(plan)
}

export class ThreadedEngine implements GradientEngine {
  readonly name: string
  private readonly params: Float64Array
  private readonly members: Member[]
  /** The first share's runner and gradients, on this thread. */
  private readonly local: SliceRunner
  private readonly localGrad: Float64Array
  private readonly localDelayGrads: Float64Array[]
  private broken: Error | undefined

  constructor(readonly plan: Plan, threads: number, workerFile: string) {
    this.name = `cpu ×${threads} threads`
    const paramsSab = new SharedArrayBuffer(plan.paramCount * 8)
    this.params = new Float64Array(paramsSab)
    const delayLengths = plan.projections.map((p) => (p.delayMode === 'none' ? 0 : p.nPre * p.nPost))
    const delayTotal = delayLengths.reduce((a, b) => a + b, 0)
    this.local = new SliceRunner(plan)
    this.localGrad = new Float64Array(plan.paramCount)
    this.localDelayGrads = delayLengths.map((n) => new Float64Array(n))
    this.members = Array.from({ length: threads - 1 }, () => {
      const grad = new SharedArrayBuffer(plan.paramCount * 8), delay = new SharedArrayBuffer(delayTotal * 8)
      const data: BatchWorkerData = { spec: plan.spec, params: paramsSab, grad, delayGrads: delay }
      const worker = new Worker(workerFile, { workerData: data })
      let offset = 0
      const delayGrads = delayLengths.map((n) => {
        const view = new Float64Array(delay, offset * 8, n)
        offset += n
        return view
      })
      const member: Member = { worker, grad: new Float64Array(grad), delayGrads }
      const fail = (e: Error): void => {
        this.broken ??= e
        member.pending?.reject(e)
        member.pending = undefined
      }
      worker.on('message', (r: BatchReply) => {
        const p = member.pending
        member.pending = undefined
        if (!p) return
        if (r.t === 'error') {
          // other shares may still be running: this engine cannot be trusted with another batch
          this.broken ??= new Error(r.message)
          p.reject(new Error(r.message))
        }
        else p.resolve(r)
      })
      worker.on('error', fail)
      worker.on('exit', (code) => fail(new Error(`a batch worker stopped (exit code ${code})`)))
      return member
    })
  }

  async gradients(params: Float64Array, samples: SpikeSample[], reg: RegSettings | undefined, grad: Float64Array, delayGrads: Float64Array[], opts: GradientOptions = {}): Promise<BatchGradients> {
    if (this.broken) throw this.broken
    this.params.set(params)
    const [mine, parts] = this.split(samples)
    const fwd = await this.round(parts.map(([m, s]) => this.ask(m, { t: 'forward', samples: packSamples(s), keep: true })), () => ({ t: 'forward', ...this.local.forward(params, mine, true) }))
    let summary: BatchSummary = { loss: 0, correct: 0, count: 0, hiddenSpikes: 0 }
    const counts = this.plan.populations.map((p) => new Float64Array(p.size))
    for (const r of fwd) {
      if (r.t !== 'forward') throw new Error('batch worker: unexpected reply')
      summary = addSummaries(summary, r.summary)
      r.counts.forEach((c, p) => c.forEach((n, j) => (counts[p]![j]! += n)))
    }
    const denseGrads = opts.denseGrads === true
    await this.round(parts.map(([m]) => this.ask(m, { t: 'backward', batch: samples.length, reg, counts, denseGrads })), () => {
      this.localGrad.fill(0)
      this.local.backward(this.localGrad, this.localDelayGrads, samples.length, reg, counts, denseGrads)
      return { t: 'backward' }
    })
    grad.set(this.localGrad)
    this.localDelayGrads.forEach((g, x) => delayGrads[x]!.set(g))
    for (const [m] of parts) {
      addInto(grad, m.grad)
      m.delayGrads.forEach((g, x) => addInto(delayGrads[x]!, g))
    }
    return { summary, counts }
  }

  async evaluate(params: Float64Array, samples: SpikeSample[]): Promise<BatchSummary> {
    if (this.broken) throw this.broken
    this.params.set(params)
    // evaluation sets can be large: cut them into batch-sized rounds so each message stays small
    let summary: BatchSummary = { loss: 0, correct: 0, count: 0, hiddenSpikes: 0 }
    const round = 256 * (this.members.length + 1)
    for (let start = 0; start < samples.length; start += round) {
      const [mine, parts] = this.split(samples.slice(start, start + round))
      const rs = await this.round(parts.map(([m, s]) => this.ask(m, { t: 'forward', samples: packSamples(s), keep: false })), () => ({ t: 'forward', ...this.local.forward(params, mine, false) }))
      for (const r of rs) if (r.t === 'forward') summary = addSummaries(summary, r.summary)
    }
    return summary
  }

  async close(): Promise<void> {
    this.broken ??= new Error('the engine is closed')
    await Promise.all(this.members.map((m) => m.worker.terminate()))
  }

  /**
   * One round: the workers' requests (already sent) and this thread's share meanwhile; the local
   * result first, then the workers' in order. Any failure stops the engine, after every share has
   * answered (none is left running into the next batch).
   */
  private async round(asked: Promise<BatchReply>[], mine: () => BatchReply): Promise<BatchReply[]> {
    let local: BatchReply
    try {
      local = mine()
    } catch (e) {
      this.broken ??= e instanceof Error ? e : new Error(String(e))
      await Promise.allSettled(asked)
      throw this.broken
    }
    return [local, ...(await Promise.all(asked))]
  }

  /** The first share (this thread's) and the workers' shares, contiguous; empty worker shares are left out. */
  private split(samples: SpikeSample[]): [SpikeSample[], [Member, SpikeSample[]][]] {
    const cuts = shares(samples.length, this.members.length + 1)
    const parts = cuts.slice(1)
      .map(([a, b], i) => [this.members[i]!, samples.slice(a, b)] as [Member, SpikeSample[]])
      .filter(([, s]) => s.length > 0)
    return [samples.slice(cuts[0]![0], cuts[0]![1]), parts]
  }

  private ask(m: Member, req: BatchRequest): Promise<BatchReply> {
    if (this.broken) return Promise.reject(this.broken)
    return new Promise((resolve, reject) => {
      m.pending = { resolve, reject }
      const transfer = req.t === 'forward' ? [req.samples.times.buffer, req.samples.units.buffer, req.samples.offsets.buffer, req.samples.labels.buffer] : []
      m.worker.postMessage(req, transfer as ArrayBuffer[])
    })
  }
}

/** out += a: the shares' gradients, summed in share order. */
function addInto(out: Float64Array, a: Float64Array): void {
  const n = out.length
  for (let k = 0; k < n; k++) out[k] = out[k]! + a[k]!
}
