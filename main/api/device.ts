import { availableParallelism, cpus } from 'node:os'
import type { DeviceInfo, Handlers } from '../../preload/api'
import { gpu, isGpu } from '../gpu/device'
import { autoBackend } from '../jobs/engines'

/** The adapter is probed once per process (on the main thread, where it also fixes the Vulkan environment for workers). */
export function deviceHandlers(): Pick<Handlers, 'device.info'> {
  return {
    'device.info': async (): Promise<DeviceInfo> => {
      const g = await gpu()
      const found = isGpu(g) ? g.info : null
      return {
        gpu: found,
        gpuError: isGpu(g) ? null : g.error,
        cpu: { model: cpus()[0]?.model.trim() ?? 'unknown', cores: availableParallelism() },
        auto: autoBackend(g)
      }
    }
  }
}
