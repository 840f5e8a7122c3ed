/**
 * Binds the contract to a renderer over a MessagePort: the preload asks for a port, main answers
 * with one end of a MessageChannelMain and serves calls and events on the other.
 */
import { type IpcMainEvent, MessageChannelMain, type MessagePortMain, ipcMain } from 'electron'
import { type WireMessage, toWireError } from '../../preload/wire'
import type { Api } from '../api/index'

export function bindIpc(api: Api, trusted: (url: string) => boolean): void {
  ipcMain.on('axonal:hello', (event: IpcMainEvent) => {
    if (!trusted(event.senderFrame?.url ?? '')) return
    const { port1, port2 } = new MessageChannelMain()
    servePort(api, port1)
    event.sender.postMessage('axonal:port', null, [port2])
  })
}

function servePort(api: Api, port: MessagePortMain): void {
  const send = (m: WireMessage): void => port.postMessage(m)
  const unsubscribe = api.bus.subscribe((n, p) => send({ t: 'event', n, p }))
  port.on('message', (e) => {
    const msg = e.data as WireMessage
    if (msg?.t !== 'call' || typeof msg.id !== 'number') return
    const { id } = msg
    api.call(msg.m, msg.a, { shell: 'electron' }).then(
      (r) => send({ t: 'result', id, r }),
      (err: unknown) => send({ t: 'error', id, e: toWireError(err) })
    )
  })
  port.on('close', unsubscribe)
  port.start()
}
