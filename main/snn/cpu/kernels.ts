/**
 * The CPU engine's inner loops behind one interface, in two implementations: TypeScript (the
 * reference, below) and WebAssembly (wasm-kernels.ts, built from kernels/wasm/eventprop.ts). Both
 * do the same IEEE double operations in the same order, so a network gives bit-identical spikes
 * and gradients on either; tests hold them to that. Buffers come from the kernels (`f64`, `i32`)
 * because the WebAssembly loops can only reach their own memory; offsets are in elements.
 */

/** Where `step` writes the spikes of a step: neuron, step-start current, crossing fraction. */
export interface StepOut {
  j: Int32Array
  iStart: Float64Array
  frac: Float64Array
}

/** A sparse row: the present synapses' post indices cols[c0..c1). */
export interface Row {
  cols: Int32Array
  c0: number
  c1: number
}

/**
 * Post neurons whose adjoint histories inputArrivals' WebAssembly loops copy into their block at
 * once (kernels/wasm/eventprop.ts has it as 8); the spike lists it takes give sample g's arrivals
 * as BLOCK_POSTS·g·len + m.
 */
export const BLOCK_POSTS = 8

/** Post neurons rounded up to whole quads: inputCurrent's currents come by quads. */
export function quadPosts(n: number): number {
  return 4 * Math.ceil(n / 4)
}

/**
 * A projection's arrival offsets D·N + j: u16 where every one fits below 65536 (offsetsFit), else
 * i32. On the SHD-size network u16 halves the offsets' 256 kB that share the caches with weights,
 * arrival rows and histories (gathers and propagation 2–5 % faster).
 */
export type Offsets = Int32Array | Uint16Array

/** Whether a projection's offsets fit u16: K + 1 rows of N (K the longest delay in steps). */
export function offsetsFit(K: number, N: number): boolean {
  return (K + 1) * N <= 65536
}

export interface Kernels {
  readonly name: 'typescript' | 'wasm'
  /** A zeroed buffer the loops can use. */
  f64(n: number): Float64Array
  i32(n: number): Int32Array
  u16(n: number): Uint16Array
  /** True when the loops can use `a` as it is (otherwise copy it into one of `f64`'s buffers). */
  owns(a: Float64Array): boolean
  /**
   * One forward step of N neurons: the arrivals ring[slot·N + j] (slot: the step's row) and, with
   * cin, the input current cin[cinAt + ⌊j/4⌋·cinStride + j mod 4] enter I (in that order: currents
   * come by quads of post neurons, four to a step, as inputCurrent makes them); the row is cleared;
   * V ← αV + gain·I_start, I ← β·I_start; V ≥ ϑ spikes (written to `out`) and resets to 0. Returns
   * the spike count.
   */
  step(N: number, ring: Float64Array, slot: number, V: Float64Array, I: Float64Array, alpha: number, beta: number, gain: number, threshold: number, out: StepOut, cin: Float64Array | null, cinAt: number, cinStride: number): number
  /**
   * ring[base + O[oOff + j]] += W[wOff + j] over a row's synapses: base is the start of step
   * n + 1's row of arrivals, O[oOff + j] = D·N + j the synapse's delay row and post neuron.
   */
  propagate(N: number, ring: Float64Array, base: number, O: Offsets, oOff: number, W: Float64Array, wOff: number, row: Row | null): void
  /**
   * The backward gather of one spike's row: (λ_V − λ_I, λ_I) at arrival, the pair H[2(base + O[oOff + j])],
   * H[2(base + O[oOff + j]) + 1] of the history (base, O as in propagate), is added to the synapse's
   * arrival sums A[2(oOff + j)], A[2(oOff + j) + 1]; returns Σ w·(λ_V − λ_I), dense rows in four
   * partial sums s[j mod 4] added as (s0 + s2) + (s1 + s3), then the N mod 4 last synapses in
   * order; sparse rows in order.
   */
  gather(N: number, H: Float64Array, base: number, O: Offsets, oOff: number, W: Float64Array, wOff: number, A: Float64Array, row: Row | null): number
  /**
   * A sample's input currents synapse by synapse: cin[⌊j/4⌋·4·len + 4m + j mod 4] = Σ wT[j·nIn + i]
   * over the input spikes of channel i arriving at m = at[k] + dT[j·nIn + i], k in start[i] ..
   * start[i + 1) (at[k]: the spike's step + 1, in time order), channel by channel. Post neurons go
   * by quads, a quad's four currents of a step side by side (a step then reads a quad with one load,
   * and the step's currents lie in a quarter of the pages a row per neuron spreads them over); a
   * quad's rows are len ≥ steps + the longest delay long (what lies past `steps` is not used), so
   * cin holds 4·⌈N/4⌉·len.
   */
  inputCurrent(N: number, nIn: number, len: number, start: Int32Array, at: Int32Array, dT: Int32Array, wT: Float64Array, cin: Float64Array): void
  /**
   * inputCurrent for a projection without delays (every arrival at m = n + 1): cin[m·N + j] = Σ
   * W[wOff + i·N + j] over the spikes, in order ([step][post], len rows).
   */
  inputCurrentFlat(N: number, len: number, ev: Int32Array, count: number, W: Float64Array, wOff: number, cin: Float64Array): void
  /**
   * inputArrivals for a projection without delays: sample by sample, each from its last spike,
   * A[2(i·N + j)], A[2(i·N + j) + 1] += the pair (λ_V − λ_I, λ_I) at trace[g·tStride + 2(m·N + j)] ([step][post]).
   */
  inputArrivalsFlat(N: number, ev: Int32Array, starts: Int32Array, groups: number, A: Float64Array, trace: Float64Array, tStride: number): void
  /**
   * out[at + j·stride] = λ_V[j] − λ_I[j], out[at + j·stride + 1] = λ_I[j] (history slots, input
   * projections' traces): the gathers' Σ w·(λ_V − λ_I) takes one value of a pair, and the delay
   * gradients' sums are of λ_V − λ_I as they use it.
   */
  storePairs(N: number, LV: Float64Array, LI: Float64Array, out: Float64Array, at: number, stride: number): void
  /**
   * The input projection's arrival sums after the backward passes of a group of samples, synapse by
   * synapse: accT[2(j·nIn + i)], accT[2(j·nIn + i) + 1] += post neuron j's (λ_V − λ_I, λ_I) in sample g's
   * adjoint history at step m + dT[j·nIn + i], for the spikes k in start[i] .. start[i + 1), in that
   * order (at[k] = BLOCK_POSTS·g·len + m: m = n + 1 for a spike (n, i) of sample g). The histories
   * are H's slots of 2·N·len ([step][post] pairs, zero from `steps` on), `groups` of them; `block`
   * (2·BLOCK_POSTS·groups·len) is the loops' scratch.
   */
  inputArrivals(N: number, nIn: number, len: number, start: Int32Array, at: Int32Array, dT: Int32Array, accT: Float64Array, H: Float64Array, groups: number, block: Float64Array): void
  /**
   * propagate for the rows list[0 .. count) of a dense projection (row i at oOff + i·N, wOff + i·N);
   * `flat`: every delay is 0 (a projection without delays), which the loops may use instead of reading O.
   */
  propagateList(N: number, ring: Float64Array, base: number, O: Offsets, oOff: number, W: Float64Array, wOff: number, list: Int32Array, count: number, flat: boolean): void
  /** gather for the rows list[0 .. count) of a dense projection, in order: revs[k] += row list[k]'s sum. */
  gatherList(N: number, H: Float64Array, base: number, O: Offsets, oOff: number, W: Float64Array, wOff: number, A: Float64Array, list: Int32Array, count: number, revs: Float64Array, flat: boolean): void
  /**
   * A projection's delays in steps from its delay parameters (ms; rows of N from P[pOff]), as
   * delaySteps(projectionDelays(…)) makes them, D = min(K, max(0, round(clamp(P, 0, maxMs) / dt))),
   * and their arrival offsets O = D·N + j.
   */
  delayOffsets(rows: number, N: number, P: Float64Array, pOff: number, maxMs: number, dt: number, K: number, D: Int32Array, O: Offsets): void
  /** out[j·rows + i] = a[at + i·cols + j]: a [rows][cols] block of a transposed. */
  transpose<T extends Float64Array | Int32Array>(out: T, a: T, at: number, rows: number, cols: number): void
  /**
   * One sample's whole backward pass from a BackwardLayout descriptor (backward-pass.ts), where the
   * kernels have one (WebAssembly: a step then costs no call from JavaScript); CpuNetwork's own
   * loop is its reference.
   */
  backwardPass?(desc: Float64Array): void
  /** A sample's forward steps from the same descriptor (PassLayout.forward); 0 when a tape copy ran out of room. */
  forwardPass?(desc: Float64Array): number
  /**
   * A pass's gradients from a projection's arrival sums A ([pre][post] pairs (Σ(λ_V − λ_I), Σλ_I),
   * rows of N), over the rows i with touched[i] (cleared, and their sums zeroed): G[gOff + k] +=
   * −τs·Σλ_I and, with gd, gd[k] += W[wOff + k]·Σ(λ_V − λ_I) for k = i·N + j.
   */
  rowGrads(rows: number, N: number, A: Float64Array, touched: Int32Array, G: Float64Array, gOff: number, gd: Float64Array | null, W: Float64Array, wOff: number, tauS: number): void
  /** rowGrads from transposed sums T ([post][pre] pairs, an input projection's) over every synapse, in 32 × 32 tiles; T is left as it is. */
  transposedGrads(rows: number, N: number, T: Float64Array, G: Float64Array, gOff: number, gd: Float64Array | null, W: Float64Array, wOff: number, tauS: number): void
  /** λ back over one step: λ_I ← s + β(λ_I − s) + a(λ_V − s), λ_V ← s + α(λ_V − s), s = drive[j] or 0. */
  integrate(N: number, LV: Float64Array, LI: Float64Array, alpha: number, beta: number, a: number, drive: Float64Array | null): void
}

export const tsKernels: Kernels = {
  name: 'typescript',
  f64: (n) => new Float64Array(n),
  i32: (n) => new Int32Array(n),
  u16: (n) => new Uint16Array(n),
  owns: () => true,

  step(N, ring, slot, V, I, alpha, beta, gain, threshold, out, cin, cinAt, cinStride) {
    let count = 0
    const o = slot * N
    for (let j = 0; j < N; j++) {
      const iStart = I[j]! + ring[o + j]! + (cin ? cin[cinAt + (j >> 2) * cinStride + (j & 3)]! : 0)
      ring[o + j] = 0
      I[j] = iStart * beta
      const v0 = V[j]!
      const v = alpha * v0 + gain * iStart
      if (v >= threshold) {
        out.j[count] = j
        out.iStart[count] = iStart
        out.frac[count] = (threshold - v0) / (v - v0)
        V[j] = 0
        count++
      } else V[j] = v
    }
    return count
  },

  inputCurrent(N, nIn, len, start, at, dT, wT, cin) {
    cin.fill(0, 0, quadPosts(N) * len)
    for (let j = 0; j < N; j++)
      for (let i = 0; i < nIn; i++) {
        const h = (j >> 2) * 4 * len + 4 * dT[j * nIn + i]! + (j & 3), w = wT[j * nIn + i]!
        for (let k = start[i]!; k < start[i + 1]!; k++) cin[h + 4 * at[k]!]! += w
      }
  },

  inputCurrentFlat(N, len, ev, count, W, wOff, cin) {
    cin.fill(0, 0, N * len)
    for (let c = 0; c < count; c++) {
      const row = (ev[c]! & 0xffff) * N, wRow = wOff + (ev[c]! >>> 16) * N
      for (let j = 0; j < N; j++) cin[row + j]! += W[wRow + j]!
    }
  },

  inputArrivalsFlat(N, ev, starts, groups, A, trace, tStride) {
    for (let g = 0; g < groups; g++)
      for (let c = starts[g + 1]! - 1; c >= starts[g]!; c--) {
        const t = g * tStride + 2 * (ev[c]! & 0xffff) * N, a = 2 * (ev[c]! >>> 16) * N
        for (let j = 0; j < 2 * N; j++) A[a + j]! += trace[t + j]!
      }
  },

  storePairs(N, LV, LI, out, at, stride) {
    for (let j = 0; j < N; j++) {
      out[at + j * stride] = LV[j]! - LI[j]!
      out[at + j * stride + 1] = LI[j]!
    }
  },

  inputArrivals(N, nIn, len, start, at, dT, accT, H) {
    const S = BLOCK_POSTS * len
    for (let j = 0; j < N; j++)
      for (let i = 0; i < nIn; i++) {
        const d = dT[j * nIn + i]!, a = 2 * (j * nIn + i)
        let sD = accT[a]!, sI = accT[a + 1]!
        for (let k = start[i]!; k < start[i + 1]!; k++) {
          const g = Math.floor(at[k]! / S), h = 2 * (g * N * len + (at[k]! - g * S + d) * N + j)
          sD += H[h]!
          sI += H[h + 1]!
        }
        accT[a] = sD
        accT[a + 1] = sI
      }
  },

  propagate(N, ring, base, O, oOff, W, wOff, row) {
    if (row)
      for (let c = row.c0; c < row.c1; c++) {
        const j = row.cols[c]!
        ring[base + O[oOff + j]!]! += W[wOff + j]!
      }
    else for (let j = 0; j < N; j++) ring[base + O[oOff + j]!]! += W[wOff + j]!
  },

  gather(N, H, base, O, oOff, W, wOff, A, row) {
    if (row) {
      let rev = 0
      for (let c = row.c0; c < row.c1; c++) rev += arrival(row.cols[c]!, H, base, O, oOff, W, wOff, A)
      return rev
    }
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0
    for (; j + 4 <= N; j += 4) {
      s0 += arrival(j, H, base, O, oOff, W, wOff, A)
      s1 += arrival(j + 1, H, base, O, oOff, W, wOff, A)
      s2 += arrival(j + 2, H, base, O, oOff, W, wOff, A)
      s3 += arrival(j + 3, H, base, O, oOff, W, wOff, A)
    }
    let rev = (s0 + s2) + (s1 + s3)
    for (; j < N; j++) rev += arrival(j, H, base, O, oOff, W, wOff, A)
    return rev
  },

  propagateList(N, ring, base, O, oOff, W, wOff, list, count) {
    for (let k = 0; k < count; k++) this.propagate(N, ring, base, O, oOff + list[k]! * N, W, wOff + list[k]! * N, null)
  },

  gatherList(N, H, base, O, oOff, W, wOff, A, list, count, revs) {
    for (let k = 0; k < count; k++) revs[k]! += this.gather(N, H, base, O, oOff + list[k]! * N, W, wOff + list[k]! * N, A, null)
  },

  delayOffsets(rows, N, P, pOff, maxMs, dt, K, D, O) {
    for (let i = 0, k = 0; i < rows; i++)
      for (let j = 0; j < N; j++, k++) {
        const x = P[pOff + k]!
        D[k] = Math.min(K, Math.max(0, Math.round((x < 0 ? 0 : x > maxMs ? maxMs : x) / dt)))
        O[k] = D[k]! * N + j
      }
  },

  transpose(out, a, at, rows, cols) {
    // in tiles: both sides stay in cache
    const B = 32
    for (let i0 = 0; i0 < rows; i0 += B)
      for (let j0 = 0; j0 < cols; j0 += B)
        for (let i = i0, iEnd = Math.min(rows, i0 + B); i < iEnd; i++)
          for (let j = j0, jEnd = Math.min(cols, j0 + B); j < jEnd; j++) out[j * rows + i] = a[at + i * cols + j]!
  },

  rowGrads(rows, N, A, touched, G, gOff, gd, W, wOff, tauS) {
    for (let i = 0; i < rows; i++) {
      if (!touched[i]) continue
      touched[i] = 0
      for (let k = i * N, end = k + N; k < end; k++) {
        const sD = A[2 * k]!, sI = A[2 * k + 1]!
        G[gOff + k]! += -tauS * sI
        if (gd) gd[k]! += W[wOff + k]! * sD
      }
      A.fill(0, 2 * i * N, 2 * (i + 1) * N)
    }
  },

  transposedGrads(rows, N, T, G, gOff, gd, W, wOff, tauS) {
    const B = 32
    for (let i0 = 0; i0 < rows; i0 += B)
      for (let j0 = 0; j0 < N; j0 += B)
        for (let i = i0, iEnd = Math.min(rows, i0 + B); i < iEnd; i++)
          for (let j = j0, jEnd = Math.min(N, j0 + B); j < jEnd; j++) {
            const k = i * N + j, s = 2 * (j * rows + i)
            const sD = T[s]!, sI = T[s + 1]!
            G[gOff + k]! += -tauS * sI
            if (gd) gd[k]! += W[wOff + k]! * sD
          }
  },

  integrate(N, LV, LI, alpha, beta, a, drive) {
    for (let j = 0; j < N; j++) {
      const s = drive ? drive[j]! : 0
      const l = LV[j]! - s
      LI[j] = s + beta * (LI[j]! - s) + a * l
      LV[j] = s + alpha * l
    }
  }
}

/**
 * One synapse of a gather: its arrival pair (λ_V − λ_I, λ_I) into its sums, and its w·(λ_V − λ_I).
 * Arrivals after the last step read history rows past it, which hold zeros.
 */
function arrival(j: number, H: Float64Array, base: number, O: Offsets, oOff: number, W: Float64Array, wOff: number, A: Float64Array): number {
  const h = 2 * (base + O[oOff + j]!), a = 2 * (oOff + j)
  const d = H[h]!
  A[a]! += d
  A[a + 1]! += H[h + 1]!
  return W[wOff + j]! * d
}
