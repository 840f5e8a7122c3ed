import { request } from 'node:http'
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { DatasetPoints, JobInfo } from '../../preload/api'
import { decode, encode } from '../../preload/wire'
import { RpcClient } from '../../renderer/lib/client'
import { createApi } from '../api/index'
import { WORKER_FILE, tempHome } from '../testing/tmp'
import { startServeShell } from './server'

const api = createApi({ home: tempHome(), workerFile: WORKER_FILE })
const shell = await startServeShell({ api, rendererDir: resolve(import.meta.dirname, '../../out/renderer') })
afterAll(async () => {
  await shell.close()
  await api.close()
})
const base = `http://127.0.0.1:${shell.port}`

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((res, rej) => {
    const req = request(`${base}${path}`, { headers }, (r) => {
      let body = ''
      r.on('data', (c: Buffer) => (body += c.toString()))
      r.on('end', () => res({ status: r.statusCode ?? 0, headers: r.headers, body }))
    })
    req.on('error', rej)
    req.end()
  })
}

function open(query: string, origin = base): Promise<WebSocket> {
  return new Promise((res, rej) => {
    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/rpc${query}`, { origin })
    ws.on('open', () => res(ws))
    ws.on('unexpected-response', (_req, r) => rej(new Error(`HTTP ${r.statusCode}`)))
    ws.on('error', rej)
  })
}

function clientOver(ws: WebSocket): RpcClient {
  const c = new RpcClient((m) => ws.send(encode(m)))
  ws.on('message', (data: Buffer) => c.receive(decode(data)))
  return c
}

describe('serve shell', () => {
  it('listens on the loopback address only and prints a tokened URL', () => {
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/)
  })

  it('refuses the page without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403)
    const wrong = await get('/?token=wrong')
    expect(wrong.status).toBe(403)
    expect(wrong.body).toMatch(/wrong token/)
  })

  it('serves the page with the token, with a CSP, and sets a cookie for the assets', async () => {
    const ok = await get(`/?token=${shell.token}`)
    expect(ok.status).toBe(200)
    expect(ok.body).toMatch(/<div id="app">/)
    expect(String(ok.headers['content-security-policy'])).toMatch(/default-src 'self'/)
    const cookie = String(ok.headers['set-cookie']).split(';')[0]!
    expect((await get('/index.html', { cookie })).status).toBe(200)
  })

  it('refuses a foreign Host header and paths outside the renderer', async () => {
    expect((await get(`/?token=${shell.token}`, { host: 'evil.example:80' })).status).toBe(403)
    expect((await get(`/..%2f..%2fpackage.json?token=${shell.token}`)).status).toBe(404)
  })

  it('refuses WebSocket connections with a wrong token or a foreign Origin', async () => {
    await expect(open('?token=wrong')).rejects.toThrow(/403/)
    await expect(open('')).rejects.toThrow(/403/)
    await expect(open(`?token=${shell.token}`, 'http://evil.example')).rejects.toThrow(/403/)
  })

  it('runs contract calls over the socket, pushes job events and sends typed arrays as binary', async () => {
    const ws = await open(`?token=${shell.token}`)
    const client = clientOver(ws)
    const info = await client.call('app.info', {})
    expect(info.shell).toBe('serve')
    await expect(client.call('datasets.get', { id: 0 })).rejects.toThrow(/invalid input/)
    const finished = new Promise<JobInfo>((res) => client.on('job.update', (j) => { if (j.state === 'done') res(j) }))
    const job = await client.call('datasets.generateYinYang', { seed: 5, sizes: { train: 200, validation: 0, test: 0 } })
    const done = await finished
    expect(done.id).toBe(job.id)
    const { datasetId } = done.result as { datasetId: number }
    const pts: DatasetPoints = await client.call('datasets.points', { id: datasetId, split: 'train', limit: 50 })
    expect(pts.x).toBeInstanceOf(Float32Array)
    expect(pts.labels).toBeInstanceOf(Uint8Array)
    expect(pts.labels.length).toBe(50)
    expect(pts.total).toBe(200)
    ws.close()
  })
})
