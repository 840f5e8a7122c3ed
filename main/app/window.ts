/** The main window with the security settings the app relies on. */
import { BrowserWindow, shell } from 'electron'
import { join } from 'node:path'

export function createMainWindow(outMain: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 880,
    title: 'Axonal',
    show: false,
    webPreferences: {
      preload: join(outMain, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false
    }
  })
  win.once('ready-to-show', () => win.show())
  // Links open in the user's browser; the app never navigates away from its own page.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (devUrl) void win.loadURL(devUrl)
  else void win.loadFile(join(outMain, '..', 'renderer', 'index.html'))
  return win
}
