/**
 * The engine's compute pipelines: each kernel is one WGSL file under kernels/, prefixed with the
 * shared declarations of common.wgsl, with an explicit bind-group layout (the per-step uniform is
 * bound at a dynamic offset, which 'auto' layouts cannot express).
 */
import backwardStep from '../../../kernels/backward-step.wgsl?raw'
import batchSum from '../../../kernels/batch-sum.wgsl?raw'
import adam from '../../../kernels/adam.wgsl?raw'
import common from '../../../kernels/common.wgsl?raw'
import delays from '../../../kernels/delays.wgsl?raw'
import forwardStep from '../../../kernels/forward-step.wgsl?raw'
import inputScatter from '../../../kernels/input-scatter.wgsl?raw'
import loss from '../../../kernels/loss.wgsl?raw'

/** What each binding is, in binding order. */
type Slot = 'uniform' | 'step' | 'read' | 'rw'

export interface Kernel {
  pipeline: GPUComputePipeline
  layout: GPUBindGroupLayout
  /** Further entry points of the same file, sharing the layout. */
  entries: Record<string, GPUComputePipeline>
}

export interface Kernels {
  scatter: Kernel
  forward: Kernel
  loss: Kernel
  backward: Kernel
  sum: Kernel
  /** Entry points steps, cost, learned, positions. */
  delays: Kernel
  adam: Kernel
}


export const WORKGROUP = 64

export function makeKernels(device: GPUDevice): Kernels {
  const make = (label: string, code: string, slots: Slot[], main = 'main', more: string[] = []): Kernel => {
    const layout = device.createBindGroupLayout({
      label,
      entries: slots.map((s, binding) => ({
        binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: s === 'uniform' ? { type: 'uniform' } : s === 'step' ? { type: 'uniform', hasDynamicOffset: true } : { type: s === 'read' ? 'read-only-storage' : 'storage' }
      }))
    })
    const module = device.createShaderModule({ label, code: `${common}\n${code}` })
    const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] })
    const entry = (entryPoint: string): GPUComputePipeline => device.createComputePipeline({ label: `${label}:${entryPoint}`, layout: pipelineLayout, compute: { module, entryPoint } })
    return { pipeline: entry(main), layout, entries: Object.fromEntries(more.map((e) => [e, entry(e)])) }
  }
  return {
    scatter: make('input-scatter', inputScatter, ['uniform', 'read', 'rw']),
    forward: make('forward-step', forwardStep, ['uniform', 'step', 'read', 'read', 'read', 'read', 'rw', 'rw', 'rw', 'rw'], 'step'),
    loss: make('loss', loss, ['uniform', 'read', 'read', 'rw', 'rw']),
    backward: make('backward-step', backwardStep, ['uniform', 'step', 'read', 'read', 'read', 'read', 'rw', 'read', 'read', 'read', 'rw', 'rw'], 'step'),
    sum: make('batch-sum', batchSum, ['uniform', 'read', 'rw']),
    delays: make('delays', delays, ['uniform', 'step', 'read', 'read', 'read', 'rw', 'rw'], 'steps', ['cost', 'learned', 'positions']),
    adam: make('adam', adam, ['uniform', 'read', 'read', 'rw', 'rw', 'rw'])
  }
}

/** Workgroup counts for `n` threads in 1-D, folded into 2-D past the per-dimension limit. */
export function groups1d(n: number, maxPerDim = 65535): [number, number] {
  const wg = Math.max(1, Math.ceil(n / WORKGROUP))
  if (wg <= maxPerDim) return [wg, 1]
  const y = Math.ceil(wg / maxPerDim)
  return [Math.ceil(wg / y), y]
}
