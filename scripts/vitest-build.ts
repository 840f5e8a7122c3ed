import { build } from 'electron-vite'
import { prepareGpuEnvironment } from '../main/gpu/device'

/** Builds out/ so tests exercise the same worker and shell bundles the app ships. */
export default async function setup(): Promise<void> {
  // test processes inherit this: WebGPU tests find SwiftShader on GPU-less machines
  prepareGpuEnvironment()
  await build({ configFile: 'electron.vite.config.ts', logLevel: 'warn' })
}
