/**
 * Which engine trains a run: 'cpu' (worker threads), 'gpu' (WebGPU; fails, saying why, without an
 * adapter), or 'auto': a hardware GPU when WebGPU finds one, else the CPU — a software adapter
 * (SwiftShader) is correct but slower than the CPU engine, so auto never picks it.
 */
import { type Gpu, type NoGpu, adapterName, gpu, isGpu } from '../gpu/device'
import { GpuEngine } from '../snn/gpu/engine'
import type { Plan } from '../snn/model'
import type { GradientEngine } from '../train/engine'
import { createCpuEngine, resolveThreads } from './batch-pool'

export type Backend = 'auto' | 'gpu' | 'cpu'

export interface EngineChoice {
  engine: GradientEngine
  /** Why this engine, for the run's log. */
  reason: string
}

export async function chooseEngine(plan: Plan, backend: Backend, threads: number, batchSize: number, workerFile: string | undefined): Promise<EngineChoice> {
  const cpu = (why: string): EngineChoice => ({ engine: createCpuEngine(plan, resolveThreads(threads, batchSize), workerFile), reason: why })
  if (backend === 'cpu') return cpu('backend cpu was asked for')
  const g = await gpu()
  if (backend === 'gpu') {
    if (!isGpu(g)) throw new Error(`backend gpu: ${g.error}`)
    return { engine: new GpuEngine(plan, g), reason: 'backend gpu was asked for' }
  }
  const auto = autoBackend(g)
  if (auto.backend === 'cpu') return cpu(`auto: ${auto.reason}`)
  return { engine: new GpuEngine(plan, g as Gpu), reason: `auto: ${auto.reason}` }
}

/** What 'auto' picks given the probe, and why. */
export function autoBackend(g: Gpu | NoGpu): { backend: 'gpu' | 'cpu'; reason: string } {
  if (!isGpu(g)) return { backend: 'cpu', reason: `${g.error}; training on the CPU` }
  if (g.info.software) return { backend: 'cpu', reason: `the only WebGPU adapter is a software one (${adapterName(g.info)}), slower than the CPU engine; training on the CPU (choose backend gpu to use it anyway)` }
  return { backend: 'gpu', reason: `training on the GPU (${adapterName(g.info)})` }
}
