/**
 * The WebGPU device of this thread (dawn.node): created once, on first use, and shared by every
 * engine the thread makes. Picks the high-performance adapter. Where the machine has no GPU,
 * Chromium's SwiftShader Vulkan driver (if installed) stands in, so the same kernels run in tests.
 */
import { existsSync, readdirSync } from 'node:fs'
import { makeTemp } from '../fsutil/temp'
import type { DeviceInfo } from '../../preload/api'

/** The adapter as the Device view shows it; `software`: SwiftShader or a driver's fallback, correct but slow. */
export type GpuInfo = NonNullable<DeviceInfo['gpu']>

export interface Gpu {
  device: GPUDevice
  info: GpuInfo
}

/** Where a probe found no device: why, in words a user can act on. */
export interface NoGpu {
  error: string
}

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'
/** Limits the engine needs above WebGPU's defaults, requested up to what the adapter allows. */
const WANTED_LIMITS = ['maxStorageBuffersPerShaderStage', 'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupsPerDimension'] as const
const SHOWN_LIMITS = [...WANTED_LIMITS, 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupStorageSize', 'maxUniformBufferBindingSize'] as const

/**
 * Call once on the main thread at start-up, before worker threads exist: the Vulkan loader reads
 * the process environment, which worker threads cannot change. On Linux without GPU device nodes,
 * points it at SwiftShader (where installed) and gives it a private runtime dir.
 */
export function prepareGpuEnvironment(): void {
  if (process.platform !== 'linux') return
  process.env.XDG_RUNTIME_DIR ??= makeTemp('xdg')
  if (process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES || !existsSync(SWIFTSHADER_ICD)) return
  let nodes: string[] = []
  try {
    nodes = [...readdirSync('/dev').filter((f) => /^nvidia\d/.test(f)), ...(existsSync('/dev/dri') ? readdirSync('/dev/dri').filter((f) => f.startsWith('renderD')) : [])]
  } catch {
    // no /dev to read: leave the loader to its defaults
  }
  if (nodes.length === 0) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
}

let pending: Promise<Gpu | NoGpu> | undefined
let instance: GPU | undefined

/** This thread's device, or why there is none. Never throws. */
export function gpu(): Promise<Gpu | NoGpu> {
  pending ??= open().catch((e: unknown) => ({ error: `WebGPU failed to start: ${e instanceof Error ? e.message : String(e)}` }))
  return pending
}

export function isGpu(x: Gpu | NoGpu): x is Gpu {
  return 'device' in x
}

async function open(): Promise<Gpu | NoGpu> {
  // the Vulkan loader warns without a private runtime dir
  if (process.platform === 'linux') process.env.XDG_RUNTIME_DIR ??= makeTemp('xdg')
  let mod: typeof import('webgpu')
  try {
    mod = await import('webgpu')
  } catch (e) {
    return { error: `the WebGPU module (dawn.node) did not load: ${e instanceof Error ? e.message : String(e)}` }
  }
  // dawn.node's classes and constants (GPUBufferUsage, …) must be globals before kernels use them
  for (const [k, v] of Object.entries(mod.globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v
  // the instance must outlive its devices: collected, it takes their threads with it
  instance = mod.create([])
  let adapter = await instance.requestAdapter({ powerPreference: 'high-performance' })
  // no usable driver of the system's own: Chromium's SwiftShader, where installed (GPU-less Linux)
  if (!adapter && process.platform === 'linux' && !process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
    instance = mod.create([])
    adapter = await instance.requestAdapter({ powerPreference: 'high-performance' })
  }
  if (!adapter) return { error: 'no WebGPU adapter: this machine has no usable GPU driver (on Linux: a Vulkan driver and libvulkan1)' }
  const requiredLimits: Record<string, number> = {}
  for (const k of WANTED_LIMITS) requiredLimits[k] = adapter.limits[k]
  const device = await adapter.requestDevice({ requiredLimits })
  // an error inside a kernel must not pass silently
  device.addEventListener('uncapturederror', (e) => console.error(`WebGPU: ${(e as GPUUncapturedErrorEvent).error.message}`))
  const a = adapter.info
  const software = /swiftshader|llvmpipe|lavapipe|software|warp/i.test(`${a.vendor} ${a.architecture} ${a.device} ${a.description}`) || (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true
  const limits: Record<string, number> = {}
  for (const k of SHOWN_LIMITS) limits[k] = device.limits[k]
  return { device, info: { vendor: a.vendor, architecture: a.architecture, device: a.device, description: a.description, software, limits } }
}

/** A one-line name for logs and the runs table: "NVIDIA H100 (vulkan)", "SwiftShader (software)". */
export function adapterName(info: GpuInfo): string {
  const name = info.description || info.device || `${info.vendor} ${info.architecture}`.trim() || 'unknown adapter'
  return info.software ? `${name} (software)` : name
}
