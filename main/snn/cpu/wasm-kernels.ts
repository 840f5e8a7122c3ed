/**
 * The WebAssembly implementation of the CPU engine's loops (kernels.ts): one module compiled per
 * thread, one instance and memory per network. Buffers are carved out of the instance's memory at
 * the start (a bump allocator over a memory sized in advance: growing it would detach the views),
 * so loops get byte offsets of the typed arrays they are handed.
 */
import type { Kernels, Offsets, Row, StepOut } from './kernels'
import { WASM_BASE64 } from './wasm-binary'

interface Exports {
  step(n: number, ring: number, v: number, syn: number, alpha: number, beta: number, gain: number, threshold: number, outJ: number, outI: number, outFrac: number, cin: number, stride: number): number
  propagate(n: number, row: number, o: number, w: number): void
  propagateSparse(row: number, o: number, w: number, cols: number, c0: number, c1: number): void
  gather(n: number, row: number, o: number, w: number, acc: number): number
  gatherSparse(row: number, o: number, w: number, acc: number, cols: number, c0: number, c1: number): number
  delayOffsets(rows: number, n: number, p: number, maxMs: number, dt: number, k: number, d: number, o: number): void
  propagate16: Exports['propagate']
  propagateSparse16: Exports['propagateSparse']
  gather16: Exports['gather']
  gatherSparse16: Exports['gatherSparse']
  delayOffsets16: Exports['delayOffsets']
  transpose(out: number, a: number, rows: number, cols: number, size: number): void
  integrate(n: number, lv: number, li: number, alpha: number, beta: number, a: number, drive: number): void
  propagateList(n: number, row: number, o: number, w: number, neurons: number, count: number): void
  gatherList(n: number, row: number, o: number, w: number, acc: number, neurons: number, count: number, revs: number): void
  propagateList16: Exports['propagateList']
  gatherList16: Exports['gatherList']
  propagateListFlat(n: number, row: number, w: number, neurons: number, count: number): void
  gatherListFlat(n: number, row: number, w: number, acc: number, neurons: number, count: number, revs: number): void
  inputCurrent(n: number, nIn: number, len: number, start: number, at: number, dT: number, wT: number, cin: number): void
  storePairs(n: number, lv: number, li: number, out: number, stride: number): void
  inputCurrentFlat(n: number, len: number, ev: number, count: number, w: number, cin: number): void
  inputArrivalsFlat(n: number, ev: number, starts: number, groups: number, acc: number, trace: number, tStride: number): void
  inputArrivals(n: number, nIn: number, len: number, start: number, at: number, dT: number, accT: number, h: number, groups: number, block: number): void
  rowGrads(rows: number, n: number, a: number, touched: number, g: number, gd: number, w: number, tauS: number): void
  transposedGrads(rows: number, n: number, t: number, g: number, gd: number, w: number, tauS: number): void
  backwardPass(desc: number): void
  forwardPass(desc: number): number
  adam(n: number, p: number, g: number, m: number, v: number, lr: number, c1: number, c2: number, clamp: boolean, max: number): void
}

let compiled: WebAssembly.Module | null | undefined

/** The compiled module, or null where this JavaScript engine has no WebAssembly. */
function module(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)))
    } catch {
      compiled = null
    }
  }
  return compiled
}

export function wasmAvailable(): boolean {
  return module() !== null
}

const PAGE = 65536
/** The module's own static data lies below this; our buffers start here. */
const BASE = PAGE
/** Every buffer starts on a cache line (64 bytes): rows and blocks then cover no more lines than their size needs. */
export const ALIGN = 64

/**
 * An instance of the module with its own memory for `bytes` of buffers, and its bump allocator:
 * take(n, size) gives the byte offset of n elements of `size` bytes, each on a cache line
 * (allocations beyond the memory throw: size it in advance).
 */
function instance(mod: WebAssembly.Module, bytes: number): { x: Exports; buffer: ArrayBuffer; take: (n: number, size: number) => number } {
  const memory = new WebAssembly.Memory({ initial: Math.ceil((BASE + bytes + 64) / PAGE) })
  const x = new WebAssembly.Instance(mod, { env: { memory, abort: () => { throw new Error('WebAssembly kernel aborted') } } }).exports as unknown as Exports
  const buffer = memory.buffer
  let top = BASE
  const take = (n: number, size: number): number => {
    const at = top
    top = (top + n * size + ALIGN - 1) & -ALIGN
    if (top > buffer.byteLength) throw new Error(`WebAssembly kernels: out of memory (${top} > ${buffer.byteLength} bytes)`)
    return at
  }
  return { x, buffer, take }
}

/** WebAssembly kernels with `bytes` of buffers (allocations beyond it throw: size it with the plan). */
export function wasmKernels(bytes: number): Kernels {
  const mod = module()
  if (!mod) throw new Error('this JavaScript engine has no WebAssembly')
  const { x, buffer, take } = instance(mod, bytes)
  const at = (a: Float64Array | Offsets, k: number): number => a.byteOffset + k * a.BYTES_PER_ELEMENT

  return {
    name: 'wasm',
    f64: (n) => new Float64Array(buffer, take(n, 8), n),
    i32: (n) => new Int32Array(buffer, take(n, 4), n),
    u16: (n) => new Uint16Array(buffer, take(n, 2), n),
    owns: (a) => a.buffer === buffer,

    step: (N, ring, slot, V, I, alpha, beta, gain, threshold, out: StepOut, cin, cinAt, cinStride) =>
      x.step(N, at(ring, slot * N), V.byteOffset, I.byteOffset, alpha, beta, gain, threshold, out.j.byteOffset, out.iStart.byteOffset, out.frac.byteOffset, cin ? at(cin, cinAt) : 0, cinStride * 8),

    inputCurrent: (N, nIn, len, start, list, dT, wT, cin) => x.inputCurrent(N, nIn, len, start.byteOffset, list.byteOffset, dT.byteOffset, wT.byteOffset, cin.byteOffset),

    inputCurrentFlat: (N, len, ev, count, W, wOff, cin) => x.inputCurrentFlat(N, len, ev.byteOffset, count, at(W, wOff), cin.byteOffset),

    inputArrivalsFlat: (N, ev, starts, groups, A, trace, tStride) => x.inputArrivalsFlat(N, ev.byteOffset, starts.byteOffset, groups, A.byteOffset, trace.byteOffset, tStride * 8),

    storePairs: (N, LV, LI, out, atK, stride) => x.storePairs(N, LV.byteOffset, LI.byteOffset, at(out, atK), stride * 8),

    inputArrivals: (N, nIn, len, start, list, dT, accT, H, groups, block) =>
      x.inputArrivals(N, nIn, len, start.byteOffset, list.byteOffset, dT.byteOffset, accT.byteOffset, H.byteOffset, groups, block.byteOffset),

    propagate(N, ring, base, O, oOff, W, wOff, row: Row | null) {
      const u16 = O.BYTES_PER_ELEMENT === 2
      if (row) (u16 ? x.propagateSparse16 : x.propagateSparse)(at(ring, base), at(O, oOff), at(W, wOff), row.cols.byteOffset, row.c0, row.c1)
      else (u16 ? x.propagate16 : x.propagate)(N, at(ring, base), at(O, oOff), at(W, wOff))
    },

    gather(N, H, base, O, oOff, W, wOff, A, row: Row | null) {
      const u16 = O.BYTES_PER_ELEMENT === 2
      return row
        ? (u16 ? x.gatherSparse16 : x.gatherSparse)(at(H, 2 * base), at(O, oOff), at(W, wOff), at(A, 2 * oOff), row.cols.byteOffset, row.c0, row.c1)
        : (u16 ? x.gather16 : x.gather)(N, at(H, 2 * base), at(O, oOff), at(W, wOff), at(A, 2 * oOff))
    },

    propagateList: (N, ring, base, O, oOff, W, wOff, list, count, flat) =>
      flat
        ? x.propagateListFlat(N, at(ring, base), at(W, wOff), list.byteOffset, count)
        : (O.BYTES_PER_ELEMENT === 2 ? x.propagateList16 : x.propagateList)(N, at(ring, base), at(O, oOff), at(W, wOff), list.byteOffset, count),

    gatherList: (N, H, base, O, oOff, W, wOff, A, list, count, revs, flat) =>
      flat
        ? x.gatherListFlat(N, at(H, 2 * base), at(W, wOff), at(A, 2 * oOff), list.byteOffset, count, revs.byteOffset)
        : (O.BYTES_PER_ELEMENT === 2 ? x.gatherList16 : x.gatherList)(N, at(H, 2 * base), at(O, oOff), at(W, wOff), at(A, 2 * oOff), list.byteOffset, count, revs.byteOffset),

    delayOffsets: (rows, N, P, pOff, maxMs, dt, K, D, O) => (O.BYTES_PER_ELEMENT === 2 ? x.delayOffsets16 : x.delayOffsets)(rows, N, at(P, pOff), maxMs, dt, K, D.byteOffset, O.byteOffset),

    transpose: (out, a, atK, rows, cols) => x.transpose(out.byteOffset, at(a, atK), rows, cols, a.BYTES_PER_ELEMENT === 8 ? 3 : 2),


    rowGrads: (rows, N, A, touched, G, gOff, gd, W, wOff, tauS) => x.rowGrads(rows, N, A.byteOffset, touched.byteOffset, at(G, gOff), gd ? gd.byteOffset : 0, at(W, wOff), tauS),

    transposedGrads: (rows, N, T, G, gOff, gd, W, wOff, tauS) => x.transposedGrads(rows, N, T.byteOffset, at(G, gOff), gd ? gd.byteOffset : 0, at(W, wOff), tauS),

    backwardPass: (desc) => x.backwardPass(desc.byteOffset),
    forwardPass: (desc) => x.forwardPass(desc.byteOffset),
    integrate: (N, LV, LI, alpha, beta, a, drive) => x.integrate(N, LV.byteOffset, LI.byteOffset, alpha, beta, a, drive ? drive.byteOffset : 0)
  }
}

/** Parameters, their gradients and Adam's moments in one WebAssembly memory, and Adam's step over a range of them. */
export interface AdamKernel {
  readonly params: Float64Array
  readonly grad: Float64Array
  readonly m: Float64Array
  readonly v: Float64Array
  /** Adam's step (the `adam` loop) over [offset, offset + length) of the four arrays; clamp: to [0, max]. */
  step(offset: number, length: number, lr: number, c1: number, c2: number, clamp: boolean, max: number): void
}

/**
 * An AdamKernel for n parameters (its own instance and memory, 32·n bytes of arrays), or null where
 * this JavaScript engine has no WebAssembly.
 */
export function wasmAdam(n: number): AdamKernel | null {
  const mod = module()
  if (!mod) return null
  const { x, buffer, take } = instance(mod, 4 * (n * 8 + ALIGN))
  const f64 = (): Float64Array => new Float64Array(buffer, take(n, 8), n)
  const params = f64(), grad = f64(), m = f64(), v = f64()
  return {
    params, grad, m, v,
    step: (offset, length, lr, c1, c2, clamp, max) => x.adam(length, params.byteOffset + 8 * offset, grad.byteOffset + 8 * offset, m.byteOffset + 8 * offset, v.byteOffset + 8 * offset, lr, c1, c2, clamp, max)
  }
}
