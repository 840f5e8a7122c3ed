/**
 * The renderer's side of the contract. It speaks to main over Electron's MessagePort when the
 * preload bridge is present, else over the serve shell's WebSocket; views cannot tell which.
 */
import type { CallName, Client, EventName, EventPayload, Input, Output } from '../../preload/api'
import { RemoteError, type WireMessage, decode, encode } from '../../preload/wire'

declare global {
  interface Window {
    axonalBridge?: { kind: 'electron' }
  }
}

type Send = (m: WireMessage) => void

export class RpcClient implements Client {
  private nextId = 1
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  private readonly listeners = new Map<string, Set<(p: unknown) => void>>()
  onClose: (() => void) | null = null

  constructor(private readonly send: Send) {}

  call<K extends CallName>(name: K, input: Input<K>): Promise<Output<K>> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.send({ t: 'call', id, m: name, a: input })
    })
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(name)
    if (!set) this.listeners.set(name, (set = new Set()))
    const l = listener as (p: unknown) => void
    set.add(l)
    return () => set.delete(l)
  }

  receive(m: WireMessage): void {
    if (m.t === 'event') {
      for (const l of this.listeners.get(m.n) ?? []) l(m.p)
      return
    }
    if (m.t !== 'result' && m.t !== 'error') return
    const p = this.pending.get(m.id)
    if (!p) return
    this.pending.delete(m.id)
    if (m.t === 'result') p.resolve(m.r)
    else p.reject(new RemoteError(m.e))
  }

  closed(): void {
    for (const p of this.pending.values()) p.reject(new Error('connection to Axonal closed'))
    this.pending.clear()
    this.onClose?.()
  }
}

export function connect(): Promise<RpcClient> {
  return window.axonalBridge ? connectPort() : connectSocket()
}

function connectPort(): Promise<RpcClient> {
  return new Promise((resolve) => {
    const onMessage = (e: MessageEvent): void => {
      if (e.source !== window || e.data !== 'axonal:port' || !e.ports[0]) return
      window.removeEventListener('message', onMessage)
      const port = e.ports[0]
      const client = new RpcClient((m) => port.postMessage(m))
      port.onmessage = (ev: MessageEvent<WireMessage>) => client.receive(ev.data)
      port.start()
      resolve(client)
    }
    window.addEventListener('message', onMessage)
  })
}

function connectSocket(): Promise<RpcClient> {
  const url = new URL('rpc', location.href)
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
  url.search = ''
  const token = new URLSearchParams(location.search).get('token')
  if (token) url.searchParams.set('token', token)
  const ws = new WebSocket(url)
  ws.binaryType = 'arraybuffer'
  const client = new RpcClient((m) => ws.send(encode(m)))
  ws.onmessage = (e: MessageEvent<ArrayBuffer>) => client.receive(decode(new Uint8Array(e.data)))
  return new Promise((resolve, reject) => {
    ws.onopen = () => resolve(client)
    ws.onerror = () => reject(new Error('could not connect to the Axonal server (is the token right?)'))
    ws.onclose = () => client.closed()
  })
}
