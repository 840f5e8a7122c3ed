/**
 * The browser shell: the built renderer over HTTP and the contract over a WebSocket, on the
 * loopback interface only. Every request needs the session token (query `token`, or the cookie
 * set when the page was opened with it); WebSocket upgrades also need an Origin of this server,
 * and the Host header must name the loopback address (no DNS rebinding).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import { type WireMessage, decode, encode, toWireError } from '../../preload/wire'
import { CSP } from '../api/csp'
import type { Api } from '../api/index'
import { readStatic } from './static'

export const LOOPBACK = '127.0.0.1'


export interface ServeOptions {
  api: Api
  rendererDir: string
  port?: number
  token?: string
}

export interface ServeShell {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

export async function startServeShell(opts: ServeOptions): Promise<ServeShell> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  let port = 0
  const cookieName = (): string => `axonal_token_${port}`

  const tokenOk = (req: IncomingMessage): boolean => {
    const url = new URL(req.url ?? '/', 'http://x')
    const given = url.searchParams.get('token') ?? readCookie(req.headers.cookie, cookieName())
    return given !== null && safeEqual(given, token)
  }
  const hostOk = (req: IncomingMessage): boolean =>
    req.headers.host === `${LOOPBACK}:${port}` || req.headers.host === `localhost:${port}`
  const originOk = (req: IncomingMessage): boolean =>
    req.headers.origin === `http://${LOOPBACK}:${port}` || req.headers.origin === `http://localhost:${port}`

  const server = createServer((req, res) => void handleHttp(req, res))
  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Content-Security-Policy', CSP)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('X-Frame-Options', 'DENY')
    if (!hostOk(req)) return deny(res, 'Forbidden: unexpected Host header')
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 'Method not allowed', 405)
    if (!tokenOk(req)) return deny(res, 'Forbidden: missing or wrong token. Open the URL that `axonal serve` printed.')
    const url = new URL(req.url ?? '/', 'http://x')
    const file = await readStatic(opts.rendererDir, url.pathname)
    if (!file) return deny(res, 'Not found', 404)
    if (url.searchParams.has('token'))
      res.setHeader('Set-Cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`)
    res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store' })
    res.end(req.method === 'HEAD' ? undefined : file.body)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path !== '/rpc' || !hostOk(req) || !originOk(req) || !tokenOk(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => bindSocket(ws, opts.api))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, LOOPBACK, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** One renderer connection: calls in, results and events out, typed arrays as binary. */
function bindSocket(ws: WebSocket, api: Api): void {
  const send = (m: WireMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(encode(m))
  }
  const unsubscribe = api.bus.subscribe((n, p) => send({ t: 'event', n, p }))
  ws.on('close', unsubscribe)
  ws.on('message', (data, isBinary) => {
    let msg: WireMessage
    try {
      if (!isBinary) throw new Error('text frames are not accepted')
      msg = decode(toBytes(data))
    } catch (e) {
      ws.close(1003, e instanceof Error ? e.message.slice(0, 100) : 'bad frame')
      return
    }
    if (msg.t !== 'call' || typeof msg.id !== 'number') return
    const { id } = msg
    api.call(msg.m, msg.a, { shell: 'serve' }).then(
      (r) => send({ t: 'result', id, r }),
      (e: unknown) => send({ t: 'error', id, e: toWireError(e) })
    )
  })
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data
}

function deny(res: ServerResponse, text: string, status = 403): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(text)
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return null
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
