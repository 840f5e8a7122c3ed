/**
 * The WebGPU engine: the CPU network's forward simulation and EventProp backward pass as WGSL
 * kernels (kernels/), batch-parallel, one dispatch per time step. The spike tapes, neuron state
 * and adjoints stay on the device for the whole batch. Two ways to train with it: `gradients`
 * reads back the batch-summed gradient (the host then applies cost, chain rule and Adam, as for
 * the CPU engine), and `optimizer` keeps parameters and Adam's moments on the device and runs the
 * whole step there (delays from parameters, passes, cost, delay and position gradients, Adam),
 * reading back only losses, predictions and spike counts. Float32 throughout (the CPU reference is
 * float64).
 */
import type { SpikeSample } from '../cpu/network'
import type { AdamState } from '../../train/adam'
import type { BatchGradients, DeviceOptimizer, GradientEngine, OptimiserStep } from '../../train/engine'
import type { BatchSummary, RegSettings } from '../../train/slice'
import { type Gpu, type GpuInfo, adapterName } from '../../gpu/device'
import { type Kernel, type Kernels, WORKGROUP, groups1d, makeKernels } from './kernels'
import { type Plan, emissionStep } from '../model'
import { type Layout, OUT_STRIDE, STEP_STRIDE, allDelaySteps, inputEvents, layout, sizes } from './layout'

// signs are never trained: the kernel gives them the fixed delays' rate, 0
const GROUP_KIND = { weight: 0, delay: 1, 'fixed-delay': 2, position: 3, sign: 2 } as const

/** Buffers sized for a batch capacity. */
interface Buffers {
  capacity: number
  backward: boolean
  spikes: GPUBuffer
  crossing: GPUBuffer
  state: GPUBuffer
  outs: GPUBuffer
  metrics: GPUBuffer
  labels: GPUBuffer
  counts: GPUBuffer
  adj?: GPUBuffer
  gradRows?: GPUBuffer
  grad?: GPUBuffer
  readback: GPUBuffer
  bytes: number
}

/** One sample's forward pass as the GPU saw it (for the conformance tests and rasters). */
export interface GpuSampleResult {
  loss: number
  prediction: number
  /** Per population: (step, neuron) of each spike, in step then neuron order. */
  spikes: { steps: Int32Array; neurons: Int32Array }[]
}

/** Evaluation batches are cut to this many samples (the tapes grow with the batch). */
const EVAL_CAPACITY = 64

export class GpuEngine implements GradientEngine {
  readonly name: string
  private readonly device: GPUDevice
  private readonly k: Kernels
  private readonly l: Layout
  private readonly pops: GPUBuffer
  private readonly prjs: GPUBuffer
  private readonly params: GPUBuffer
  private readonly dsteps: GPUBuffer
  private readonly uniform: GPUBuffer
  private readonly sumUniforms: GPUBuffer
  private readonly steps: GPUBuffer
  private bufs: Buffers | undefined
  private closed = false

  /** `g`: this thread's device (main/gpu/device.ts). */
  constructor(readonly plan: Plan, g: Gpu) {
    this.info = g.info
    this.name = `webgpu: ${adapterName(g.info)}`
    const device = (this.device = g.device)
    const need = device.limits.maxStorageBuffersPerShaderStage
    if (need < 10) throw new Error(`the WebGPU adapter allows ${need} storage buffers per kernel; the engine needs 10`)
    this.k = makeKernels(device)
    this.l = layout(plan)
    const S = plan.spec.steps
    this.pops = this.upload(this.l.pops, GPUBufferUsage.STORAGE)
    this.prjs = this.upload(this.l.prjs, GPUBufferUsage.STORAGE)
    this.params = this.buffer(Math.max(4, plan.paramCount * 4), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC)
    this.dsteps = this.buffer(Math.max(4, this.l.delayTotal * 4), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST)
    this.uniform = this.buffer(80, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST)
    this.sumUniforms = this.buffer(2 * STEP_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST)
    // n = −1 … steps − 1, one 256-byte slot each, bound at a dynamic offset per dispatch
    const stepData = new Int32Array(((S + 1) * STEP_STRIDE) / 4)
    for (let n = -1; n < S; n++) stepData[((n + 1) * STEP_STRIDE) / 4] = n
    this.steps = this.upload(stepData.buffer, GPUBufferUsage.UNIFORM)
    const P = plan.paramCount
    this.m = this.buffer(Math.max(4, P * 4), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC)
    this.v = this.buffer(Math.max(4, P * 4), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC)
    this.groups = this.upload(Uint32Array.from(plan.groups.flatMap((g) => [g.offset, g.length, GROUP_KIND[g.kind], 0])).buffer, GPUBufferUsage.STORAGE)
    this.adamUniform = this.buffer(32, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST)
    this.jobs = this.buffer((plan.projections.length * 3 + plan.populations.length) * STEP_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST)
  }

  private readonly m: GPUBuffer
  private readonly v: GPUBuffer
  private readonly groups: GPUBuffer
  private readonly adamUniform: GPUBuffer
  /** One 256-byte Job slot per delays-kernel dispatch (kernels/delays.wgsl). */
  private readonly jobs: GPUBuffer

  readonly optimizer: DeviceOptimizer = {
    load: (params, adam) => this.loadState(params, adam),
    step: (samples, reg, step) => this.guarded('training step', () => this.optimizerStep(samples, reg, step)),
    save: (params, adam) => this.guarded('reading parameters back', () => this.saveState(params, adam))
  }

  /** Runs `fn` inside error scopes: a kernel or buffer the device rejects fails the call instead of passing silently. */
  private async guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const d = this.device
    d.pushErrorScope('out-of-memory')
    d.pushErrorScope('validation')
    let result: T | undefined, failure: unknown
    try {
      result = await fn()
    } catch (e) {
      failure = e
    }
    const invalid = await d.popErrorScope()
    const oom = await d.popErrorScope()
    const err = invalid ?? oom
    if (err) throw new Error(`WebGPU ${what}: ${err.message}`)
    if (failure !== undefined) throw failure
    return result as T
  }

  readonly info: GpuInfo

  gradients(params: Float64Array, samples: SpikeSample[], reg: RegSettings | undefined, grad: Float64Array, delayGrads: Float64Array[]): Promise<BatchGradients> {
    return this.guarded('gradients', () => this.batchGradients(params, samples, reg, grad, delayGrads))
  }

  private async batchGradients(params: Float64Array, samples: SpikeSample[], reg: RegSettings | undefined, grad: Float64Array, delayGrads: Float64Array[]): Promise<BatchGradients> {
    const B = samples.length
    const bufs = this.ensure(B, true)
    this.setParams(params)
    this.device.queue.writeBuffer(this.uniform, 0, sizes(this.plan, this.l, B, 1 / B, reg))
    const enc = this.device.createCommandEncoder()
    this.encodeForward(enc, bufs, samples)
    this.encodeBackward(enc, bufs)
    const { metrics, counts, gradient } = await this.read(enc, bufs, B, true)
    grad.fill(0)
    grad.set(gradient!.subarray(0, this.plan.paramCount))
    this.plan.projections.forEach((_, x) => {
      const off = this.l.delayGradOffset[x]!
      if (off >= 0) delayGrads[x]!.set(gradient!.subarray(off, off + delayGrads[x]!.length))
    })
    const perPop = this.splitCounts(counts)
    return { summary: this.summarise(metrics, perPop, samples), counts: perPop }
  }

  /**
   * ∂L/∂t of every input spike of every sample (scale 1: each sample's own loss), as the CPU's
   * backward gives it (BackwardOptions.inputGrads): the backward kernel leaves, in each input
   * neuron's spike entry, the Σ w·(λ_V − λ_I) its spikes of that step share.
   */
  inputGradients(params: Float64Array, samples: SpikeSample[]): Promise<Float64Array[]> {
    return this.guarded('input gradients', async () => {
      const B = samples.length, S = this.plan.spec.steps, N = this.l.neurons
      const bufs = this.ensure(B, true)
      this.setParams(params)
      this.device.queue.writeBuffer(this.uniform, 0, sizes(this.plan, this.l, B, 1, undefined))
      const enc = this.device.createCommandEncoder()
      this.encodeForward(enc, bufs, samples)
      this.encodeBackward(enc, bufs)
      const bytesTape = B * (S + 1) * N * 4
      const tapeBuf = this.buffer(bytesTape, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST)
      enc.copyBufferToBuffer(bufs.spikes, 0, tapeBuf, 0, bytesTape)
      await this.read(enc, bufs, B, false)
      await tapeBuf.mapAsync(GPUMapMode.READ)
      const rev = new Float32Array(tapeBuf.getMappedRange().slice(0))
      tapeBuf.destroy()
      const off = this.l.popOffset[0]!, dt = this.plan.spec.dt
      return samples.map((s, b) => Float64Array.from(s.times, (t, k) => {
        const e = emissionStep(t, dt) + 1
        return e >= S ? 0 : rev[(b * (S + 1) + e) * N + off + s.units[k]!]!
      }))
    })
  }

  evaluate(params: Float64Array, samples: SpikeSample[]): Promise<BatchSummary> {
    return this.guarded('evaluation', () => this.evaluateAll(params, samples))
  }

  private async evaluateAll(params: Float64Array, samples: SpikeSample[]): Promise<BatchSummary> {
    this.setParams(params)
    const total: BatchSummary = { loss: 0, correct: 0, count: 0, hiddenSpikes: 0 }
    const cap = Math.max(this.bufs?.capacity ?? 0, EVAL_CAPACITY)
    for (let start = 0; start < samples.length; start += cap) {
      const part = samples.slice(start, start + cap)
      const s = (await this.forwardOnly(part)).summary
      total.loss += s.loss; total.correct += s.correct; total.count += s.count; total.hiddenSpikes += s.hiddenSpikes
    }
    return total
  }

  /** Forward passes with every spike read back: what the conformance suite compares with the CPU. */
  async inspect(params: Float64Array, samples: SpikeSample[]): Promise<GpuSampleResult[]> {
    this.setParams(params)
    const r = await this.guarded('inspection', () => this.forwardOnly(samples, true))
    const N = this.l.neurons, S = this.plan.spec.steps
    return samples.map((_, b) => ({
      loss: r.metrics[2 * b]!,
      prediction: r.metrics[2 * b + 1]!,
      spikes: this.plan.populations.map((pop, p) => {
        const st: number[] = [], ne: number[] = []
        const off = this.l.popOffset[p]!
        for (let e = 0; e <= S; e++)
          for (let j = 0; j < pop.size; j++) {
            const c = r.tape![(b * (S + 1) + e) * N + off + j]!
            for (let k = 0; k < c; k++) { st.push(e - 1); ne.push(j) }
          }
        return { steps: Int32Array.from(st), neurons: Int32Array.from(ne) }
      })
    }))
  }

  /** Device memory the engine holds now (bytes). */
  get deviceBytes(): number {
    return (this.bufs?.bytes ?? 0) + this.plan.paramCount * 4 + this.l.delayTotal * 4
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.release()
    for (const b of [this.pops, this.prjs, this.params, this.dsteps, this.uniform, this.sumUniforms, this.steps, this.m, this.v, this.groups, this.adamUniform, this.jobs]) b.destroy()
  }

  private loadState(params: Float64Array, adam: AdamState): void {
    this.setParams(params)
    this.device.queue.writeBuffer(this.m, 0, Float32Array.from(adam.m))
    this.device.queue.writeBuffer(this.v, 0, Float32Array.from(adam.v))
  }

  private async saveState(params: Float64Array, adam: AdamState): Promise<void> {
    const P = this.plan.paramCount * 4
    const staging = this.buffer(Math.max(4, 3 * P), GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST)
    const enc = this.device.createCommandEncoder()
    enc.copyBufferToBuffer(this.params, 0, staging, 0, P)
    enc.copyBufferToBuffer(this.m, 0, staging, P, P)
    enc.copyBufferToBuffer(this.v, 0, staging, 2 * P, P)
    this.device.queue.submit([enc.finish()])
    await staging.mapAsync(GPUMapMode.READ)
    const all = new Float32Array(staging.getMappedRange())
    const n = this.plan.paramCount
    params.set(all.subarray(0, n))
    adam.m.set(all.subarray(n, 2 * n))
    adam.v.set(all.subarray(2 * n, 3 * n))
    staging.destroy()
  }

  /** Delays from the device's parameters, the passes, the gradient carried onto delays and positions, Adam. */
  private async optimizerStep(samples: SpikeSample[], reg: RegSettings | undefined, step: OptimiserStep): Promise<BatchGradients> {
    const { plan, device, k, l } = this
    const B = samples.length
    const bufs = this.ensure(B, true)
    device.queue.writeBuffer(this.uniform, 0, sizes(plan, l, B, 1 / B, reg))
    const max = plan.spec.maxDelay
    const slots = new ArrayBuffer((plan.projections.length * 3 + plan.populations.length) * STEP_STRIDE)
    let slot = 0
    const job = (index: number): number => {
      const f = new Float32Array(slots, slot * STEP_STRIDE, 8), u = new Uint32Array(slots, slot * STEP_STRIDE, 4)
      f[0] = max; f[1] = step.cost.l1; f[2] = step.cost.gamma; u[3] = index; f[4] = step.cost.pull ? 1 : 0
      return slot++ * STEP_STRIDE
    }
    const withDelays = plan.projections.map((p, x) => [p, x] as const).filter(([p]) => p.delayMode !== 'none')
    const jobSteps = withDelays.map(([, x]) => job(x))
    const costed = step.cost.l1 > 0 ? withDelays.filter(([p]) => p.delayMode === 'learn' || p.delayMode === 'position') : []
    const jobCost = costed.map(([, x]) => job(x))
    const learned = withDelays.filter(([p]) => p.delayMode === 'learn')
    const jobLearned = learned.map(([, x]) => job(x))
    const positioned = plan.populations.map((p, q) => [p, q] as const).filter(([p]) => p.posOffset >= 0)
    const jobPositions = positioned.map(([, q]) => job(q))
    device.queue.writeBuffer(this.jobs, 0, slots, 0, slot * STEP_STRIDE)
    const c1 = 1 / (1 - Math.pow(0.9, step.t)), c2 = 1 / (1 - Math.pow(0.999, step.t))
    const au = new ArrayBuffer(32), af = new Float32Array(au), ai = new Uint32Array(au)
    af.set([c1, c2, max]); ai[3] = plan.groups.length
    af.set([step.rates.weight, step.rates.delay, step.rates.position], 4); ai[7] = plan.paramCount
    device.queue.writeBuffer(this.adamUniform, 0, au)

    const enc = device.createCommandEncoder()
    const delayBind = this.bind(k.delays, [this.uniform, this.jobs, this.pops, this.prjs, this.params, this.dsteps, bufs.grad!])
    let pass = enc.beginComputePass()
    pass.setPipeline(k.delays.pipeline)
    withDelays.forEach(([p], i) => {
      pass.setBindGroup(0, delayBind, [jobSteps[i]!])
      pass.dispatchWorkgroups(...groups1d(p.nPre * p.nPost))
    })
    pass.end()
    this.encodeForward(enc, bufs, samples)
    this.encodeBackward(enc, bufs)
    pass = enc.beginComputePass()
    const perSynapse = (entry: string, list: (typeof withDelays), offsets: number[]): void => {
      if (!list.length) return
      pass.setPipeline(k.delays.entries[entry]!)
      list.forEach(([p], i) => {
        pass.setBindGroup(0, delayBind, [offsets[i]!])
        pass.dispatchWorkgroups(...groups1d(p.nPre * p.nPost))
      })
    }
    perSynapse('cost', costed, jobCost)
    perSynapse('learned', learned, jobLearned)
    if (positioned.length) {
      pass.setPipeline(k.delays.entries.positions!)
      positioned.forEach(([p], i) => {
        pass.setBindGroup(0, delayBind, [jobPositions[i]!])
        pass.dispatchWorkgroups(...groups1d(p.size * p.posDims))
      })
    }
    pass.setPipeline(k.adam.pipeline)
    pass.setBindGroup(0, this.device.createBindGroup({
      layout: k.adam.layout,
      entries: [this.adamUniform, this.groups, bufs.grad!, this.params, this.m, this.v].map((buffer, binding) => ({ binding, resource: { buffer } }))
    }))
    pass.dispatchWorkgroups(...groups1d(plan.paramCount))
    pass.end()
    const { metrics, counts } = await this.read(enc, bufs, B, false)
    const perPop = this.splitCounts(counts)
    return { summary: this.summarise(metrics, perPop, samples), counts: perPop }
  }

  private async forwardOnly(samples: SpikeSample[], tape = false) {
    const B = samples.length
    const bufs = this.ensure(B, false)
    this.device.queue.writeBuffer(this.uniform, 0, sizes(this.plan, this.l, B, 1 / B, undefined))
    const enc = this.device.createCommandEncoder()
    this.encodeForward(enc, bufs, samples)
    let tapeBuf: GPUBuffer | undefined
    const tapeBytes = B * (this.plan.spec.steps + 1) * this.l.neurons * 4
    if (tape) {
      tapeBuf = this.buffer(tapeBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST)
      enc.copyBufferToBuffer(bufs.spikes, 0, tapeBuf, 0, tapeBytes)
    }
    const r = await this.read(enc, bufs, B, false)
    let tapeData: Float32Array | undefined
    if (tapeBuf) {
      await tapeBuf.mapAsync(GPUMapMode.READ)
      tapeData = new Float32Array(tapeBuf.getMappedRange().slice(0))
      tapeBuf.destroy()
    }
    return { ...r, summary: this.summarise(r.metrics, this.splitCounts(r.counts), samples), tape: tapeData }
  }

  private setParams(params: Float64Array): void {
    if (params.length !== this.plan.paramCount) throw new Error(`expected ${this.plan.paramCount} parameters, got ${params.length}`)
    this.device.queue.writeBuffer(this.params, 0, Float32Array.from(params))
    const d = allDelaySteps(this.plan, this.l, params)
    if (d.length) this.device.queue.writeBuffer(this.dsteps, 0, d)
  }

  /** Clears state, scatters the inputs, runs every step forward and the loss. */
  private encodeForward(enc: GPUCommandEncoder, bufs: Buffers, samples: SpikeSample[]): void {
    const { device, l, plan, k } = this
    const B = samples.length, S = plan.spec.steps, N = l.neurons
    enc.clearBuffer(bufs.spikes, 0, B * (S + 1) * N * 4)
    enc.clearBuffer(bufs.state, 0, bufs.capacity * N * 3 * 4)
    const outInit = new Float32Array(B * l.nOut * OUT_STRIDE)
    for (let o = 0; o < outInit.length; o += OUT_STRIDE) {
      outInit[o] = plan.spec.readout === 'max' ? -3.0e38 : 0
      outInit[o + 3] = -1
    }
    device.queue.writeBuffer(bufs.outs, 0, outInit)
    device.queue.writeBuffer(bufs.labels, 0, Uint32Array.from(samples, (s) => s.label))

    const events = inputEvents(plan, samples)
    // the kernels count spikes of the neurons they simulate; the inputs' are counted here
    const inputCounts = (this.inputCounts = new Float64Array(plan.populations[0]!.size))
    for (let e = 0; e < events.length; e += 4) inputCounts[events[e + 2]!]! += events[e + 3]!
    let eventBuf: GPUBuffer | undefined
    const pass = enc.beginComputePass()
    if (events.length) {
      eventBuf = this.upload(events.buffer as ArrayBuffer, GPUBufferUsage.STORAGE)
      pass.setPipeline(k.scatter.pipeline)
      pass.setBindGroup(0, this.bind(k.scatter, [this.uniform, eventBuf, bufs.spikes]))
      pass.dispatchWorkgroups(...groups1d(events.length / 4))
    }
    const fwd = this.bind(k.forward, [this.uniform, this.steps, this.pops, this.prjs, this.params, this.dsteps, bufs.spikes, bufs.crossing, bufs.state, bufs.outs])
    pass.setPipeline(k.forward.pipeline)
    const x = Math.ceil(N / WORKGROUP)
    for (let n = 0; n < S; n++) {
      pass.setBindGroup(0, fwd, [(n + 1) * STEP_STRIDE])
      pass.dispatchWorkgroups(x, B)
    }
    pass.setPipeline(k.loss.pipeline)
    pass.setBindGroup(0, this.bind(k.loss, [this.uniform, bufs.labels, bufs.state, bufs.outs, bufs.metrics]))
    pass.dispatchWorkgroups(Math.ceil(B / WORKGROUP))
    // spikes per neuron over the batch: the regulariser's counts, and what the host reads back
    this.encodeSum(pass, 0, B, N, bufs.state, bufs.counts)
    pass.end()
    if (eventBuf) this.trash.push(eventBuf)
  }

  /** Every step backward (last to −1), then the per-sample gradients summed over the batch. */
  private encodeBackward(enc: GPUCommandEncoder, bufs: Buffers): void {
    const { l, plan, k } = this
    const B = bufs.capacity, S = plan.spec.steps, N = l.neurons
    enc.clearBuffer(bufs.adj!, 0, 2 * B * N * 4)
    enc.clearBuffer(bufs.gradRows!)
    const pass = enc.beginComputePass()
    const bwd = this.bind(k.backward, [this.uniform, this.steps, this.pops, this.prjs, this.params, this.dsteps, bufs.spikes, bufs.crossing, bufs.outs, bufs.counts, bufs.adj!, bufs.gradRows!])
    pass.setPipeline(k.backward.pipeline)
    const x = Math.ceil(N / WORKGROUP)
    for (let n = S - 1; n >= -1; n--) {
      pass.setBindGroup(0, bwd, [(n + 1) * STEP_STRIDE])
      pass.dispatchWorkgroups(x, this.batchInUse)
    }
    this.encodeSum(pass, 1, this.batchInUse, l.gradSize, bufs.gradRows!, bufs.grad!)
    pass.end()
  }

  private encodeSum(pass: GPUComputePassEncoder, slot: number, batch: number, width: number, rows: GPUBuffer, out: GPUBuffer): void {
    this.device.queue.writeBuffer(this.sumUniforms, slot * STEP_STRIDE, Uint32Array.from([batch, width]))
    pass.setPipeline(this.k.sum.pipeline)
    pass.setBindGroup(0, this.device.createBindGroup({
      layout: this.k.sum.layout,
      entries: [
        { binding: 0, resource: { buffer: this.sumUniforms, offset: slot * STEP_STRIDE, size: 8 } },
        { binding: 1, resource: { buffer: rows, size: batch * width * 4 } },
        { binding: 2, resource: { buffer: out, size: width * 4 } }
      ]
    }))
    pass.dispatchWorkgroups(...groups1d(width))
  }

  private async read(enc: GPUCommandEncoder, bufs: Buffers, B: number, withGrad: boolean) {
    const N = this.l.neurons, G = this.l.gradSize
    const mBytes = B * 8, cBytes = N * 4
    enc.copyBufferToBuffer(bufs.metrics, 0, bufs.readback, 0, mBytes)
    enc.copyBufferToBuffer(bufs.counts, 0, bufs.readback, mBytes, cBytes)
    if (withGrad) enc.copyBufferToBuffer(bufs.grad!, 0, bufs.readback, mBytes + cBytes, G * 4)
    this.device.queue.submit([enc.finish()])
    await bufs.readback.mapAsync(GPUMapMode.READ, 0, mBytes + cBytes + (withGrad ? G * 4 : 0))
    const all = bufs.readback.getMappedRange(0, mBytes + cBytes + (withGrad ? G * 4 : 0))
    const metrics = new Float32Array(all.slice(0, mBytes))
    const counts = new Float32Array(all.slice(mBytes, mBytes + cBytes))
    const gradient = withGrad ? Float64Array.from(new Float32Array(all, mBytes + cBytes, G)) : undefined
    bufs.readback.unmap()
    for (const b of this.trash) b.destroy()
    this.trash = []
    return { metrics, counts, gradient }
  }

  private trash: GPUBuffer[] = []
  private batchInUse = 0

  private summarise(metrics: Float32Array, counts: Float64Array[], samples: SpikeSample[]): BatchSummary {
    let loss = 0, correct = 0, hiddenSpikes = 0
    samples.forEach((s, b) => {
      loss += metrics[2 * b]!
      if (metrics[2 * b + 1]! === s.label) correct++
    })
    for (let p = 1; p < this.plan.populations.length - 1; p++) for (const c of counts[p]!) hiddenSpikes += c
    return { loss, correct, count: samples.length, hiddenSpikes }
  }

  private inputCounts = new Float64Array(0)

  private splitCounts(counts: Float32Array): Float64Array[] {
    return this.plan.populations.map((p, i) => (i === 0 ? this.inputCounts : Float64Array.from(counts.subarray(this.l.popOffset[i]!, this.l.popOffset[i]! + p.size))))
  }

  /** Buffers for a batch of B (grown, never shrunk); backward ones only when asked for. */
  private ensure(B: number, backward: boolean): Buffers {
    this.batchInUse = B
    const cur = this.bufs
    if (cur && cur.capacity >= B && (cur.backward || !backward)) return cur
    const cap = Math.max(B, cur?.capacity ?? 0)
    this.release()
    const { l, plan } = this
    const S = plan.spec.steps, N = l.neurons, G = l.gradSize, R = l.ring
    const st = GPUBufferUsage.STORAGE, cs = GPUBufferUsage.COPY_SRC, cd = GPUBufferUsage.COPY_DST
    const bytes = (x: number): number => Math.max(4, x * 4)
    const want = backward || cur?.backward === true
    const b: Buffers = {
      capacity: cap, backward: want,
      spikes: this.buffer(bytes(cap * (S + 1) * N), st | cs | cd),
      crossing: this.buffer(bytes(2 * cap * S * N), st),
      state: this.buffer(bytes(3 * cap * N), st | cd),
      outs: this.buffer(bytes(cap * l.nOut * OUT_STRIDE), st | cd),
      metrics: this.buffer(bytes(2 * cap), st | cs),
      labels: this.buffer(bytes(cap), st | cd),
      counts: this.buffer(bytes(N), st | cs),
      readback: this.buffer(bytes(2 * cap + N + (want ? G : 0)), GPUBufferUsage.MAP_READ | cd),
      bytes: 0
    }
    if (want) {
      b.adj = this.buffer(bytes(2 * cap * N + 2 * cap * R * N), st | cd)
      b.gradRows = this.buffer(bytes(cap * G), st | cd)
      b.grad = this.buffer(bytes(G), st | cs)
    }
    b.bytes = 4 * (cap * (S + 1) * N + cap * S * N + 3 * cap * N + cap * l.nOut * OUT_STRIDE + 3 * cap + N + 2 * cap + N + (want ? G : 0)
      + (want ? 2 * cap * N * (1 + R) + cap * G + G : 0))
    this.bufs = b
    return b
  }

  private release(): void {
    const b = this.bufs
    if (!b) return
    for (const x of [b.spikes, b.crossing, b.state, b.outs, b.metrics, b.labels, b.counts, b.readback, b.adj, b.gradRows, b.grad]) x?.destroy()
    this.bufs = undefined
  }

  private buffer(size: number, usage: number): GPUBuffer {
    const max = this.device.limits.maxStorageBufferBindingSize
    if (size > max) throw new Error(`WebGPU: a ${(size / 2 ** 20).toFixed(0)} MB buffer exceeds this adapter's ${(max / 2 ** 20).toFixed(0)} MB limit; use a smaller batch or fewer steps`)
    return this.device.createBuffer({ size: Math.ceil(size / 4) * 4, usage })
  }

  private upload(data: ArrayBuffer, usage: number): GPUBuffer {
    const buf = this.device.createBuffer({ size: Math.max(4, Math.ceil(data.byteLength / 4) * 4), usage, mappedAtCreation: true })
    new Uint8Array(buf.getMappedRange()).set(new Uint8Array(data))
    buf.unmap()
    return buf
  }

  private bind(kernel: Kernel, buffers: GPUBuffer[]): GPUBindGroup {
    return this.device.createBindGroup({
      layout: kernel.layout,
      entries: buffers.map((buffer, binding) => ({ binding, resource: buffer === this.steps ? { buffer, size: 16 } : buffer === this.jobs ? { buffer, size: 32 } : { buffer } }))
    })
  }
}

