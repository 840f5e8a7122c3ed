/**
 * Sandboxed preload: exposes nothing but a marker, and hands the page a MessagePort to main.
 * Ports cannot cross contextBridge, so the port is re-posted to the page with window.postMessage;
 * the renderer accepts it only from its own window. All calls then go through main's validation.
 */
import { contextBridge, ipcRenderer } from 'electron'

contextBridge.exposeInMainWorld('axonalBridge', { kind: 'electron' })
ipcRenderer.on('axonal:port', (event) => {
  window.postMessage('axonal:port', '*', event.ports)
})
ipcRenderer.send('axonal:hello')
