/** Electron entry (out/main/index.js): window, security, and the contract over MessagePorts. */
import { app, dialog, session } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureDefaultDataset } from '../api/defaults'
import { createApi } from '../api/index'
import { CSP } from '../api/csp'
import { bindIpc } from './ipc'
import { electronNativeBinding } from './native'
import { createMainWindow } from './window'

const outMain = import.meta.dirname
const rendererRoot = pathToFileURL(join(outMain, '..', 'renderer')).href

app.enableSandbox()

void app.whenReady().then(() => {
  const nativeBinding = electronNativeBinding()
  const api = createApi({
    home: process.env.AXONAL_HOME ?? app.getPath('userData'),
    workerFile: join(outMain, 'job-worker.js'),
    resumeSweeps: true,
    ...(nativeBinding ? { nativeBinding } : {}),
    // the native picker: SHD/SSC .h5(.gz), MNIST idx files, or a RawHD folder
    pickFiles: async (folder) => {
      const r = await dialog.showOpenDialog({
        title: 'Import a dataset',
        properties: folder ? ['openDirectory'] : ['openFile', 'multiSelections'],
        ...(folder ? {} : { filters: [{ name: 'Datasets', extensions: ['h5', 'hdf5', 'gz', '*'] }] })
      })
      return r.canceled ? null : r.filePaths
    }
  })
  ensureDefaultDataset(api)
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })
  // The renderer never needs camera, microphone, notifications…
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false))
  const devUrl = process.env.ELECTRON_RENDERER_URL
  bindIpc(api, (url) => url.startsWith(rendererRoot) || (devUrl !== undefined && url.startsWith(devUrl)))
  createMainWindow(outMain)
  app.on('window-all-closed', () => {
    void api.close().then(() => app.quit())
  })
})
