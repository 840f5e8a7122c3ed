// AssemblyScript: the CPU engine's inner loops as WebAssembly (built by scripts/build-wasm.mjs into
// main/snn/cpu/wasm-binary.ts). Every loop does the same IEEE operations in the same order as its
// TypeScript twin in main/snn/cpu/kernels.ts, so the two engines agree bit for bit; the TypeScript
// one stays the reference. Arguments are byte offsets into the imported memory; no allocation.

/**
 * One step of a population (forward): arrivals of this step's row and, with cin ≠ 0, the
 * step's input current (by quads of neurons: neuron j's at cin + ⌊j/4⌋·stride + (j mod 4)·8 bytes,
 * so a quad's four are one 32-byte load) enter I, the row is cleared,
 * V and I advance, and neurons at threshold spike and reset. Writes each spike's neuron, its
 * step-start current and where in the step it crossed; returns how many spiked.
 */
export function step(
  n: i32, ring: usize, v: usize, syn: usize, alpha: f64, beta: f64, gain: f64, threshold: f64,
  outJ: usize, outI: usize, outFrac: usize, cin: usize, stride: i32
): i32 {
  let count = 0
  let j = 0
  // four neurons at a time (the same operations per lane); four with a spike go lane by lane
  const A = f64x2.splat(alpha), B = f64x2.splat(beta), G = f64x2.splat(gain), T = f64x2.splat(threshold), Z = f64x2.splat(0)
  for (; j + 4 <= n; j += 4) {
    const o = (<usize>j) << 3
    let cA = Z, cB = Z
    if (cin) {
      const at = cin + <usize>((j >> 2) * stride)
      cA = v128.load(at)
      cB = v128.load(at, 16)
    }
    const iA = f64x2.add(f64x2.add(v128.load(syn + o), v128.load(ring + o)), cA)
    const iB = f64x2.add(f64x2.add(v128.load(syn + o, 16), v128.load(ring + o, 16)), cB)
    v128.store(ring + o, Z)
    v128.store(ring + o, Z, 16)
    v128.store(syn + o, f64x2.mul(iA, B))
    v128.store(syn + o, f64x2.mul(iB, B), 16)
    const vA = v128.load(v + o), vB = v128.load(v + o, 16)
    const nA = f64x2.add(f64x2.mul(A, vA), f64x2.mul(G, iA)), nB = f64x2.add(f64x2.mul(A, vB), f64x2.mul(G, iB))
    if (!v128.any_true(v128.or(f64x2.ge(nA, T), f64x2.ge(nB, T)))) {
      v128.store(v + o, nA)
      v128.store(v + o, nB, 16)
      continue
    }
    count = lane(j, f64x2.extract_lane(iA, 0), f64x2.extract_lane(vA, 0), f64x2.extract_lane(nA, 0), threshold, v, outJ, outI, outFrac, count)
    count = lane(j + 1, f64x2.extract_lane(iA, 1), f64x2.extract_lane(vA, 1), f64x2.extract_lane(nA, 1), threshold, v, outJ, outI, outFrac, count)
    count = lane(j + 2, f64x2.extract_lane(iB, 0), f64x2.extract_lane(vB, 0), f64x2.extract_lane(nB, 0), threshold, v, outJ, outI, outFrac, count)
    count = lane(j + 3, f64x2.extract_lane(iB, 1), f64x2.extract_lane(vB, 1), f64x2.extract_lane(nB, 1), threshold, v, outJ, outI, outFrac, count)
  }
  // then two at a time
  for (; j + 2 <= n; j += 2) {
    const o = (<usize>j) << 3
    const c = cin ? v128.load(cin + <usize>((j >> 2) * stride + ((j & 3) << 3))) : Z
    const iStart = f64x2.add(f64x2.add(v128.load(syn + o), v128.load(ring + o)), c)
    v128.store(ring + o, Z)
    v128.store(syn + o, f64x2.mul(iStart, B))
    const v0 = v128.load(v + o)
    const v1 = f64x2.add(f64x2.mul(A, v0), f64x2.mul(G, iStart))
    if (!v128.any_true(f64x2.ge(v1, T))) {
      v128.store(v + o, v1)
      continue
    }
    count = lane(j, f64x2.extract_lane(iStart, 0), f64x2.extract_lane(v0, 0), f64x2.extract_lane(v1, 0), threshold, v, outJ, outI, outFrac, count)
    count = lane(j + 1, f64x2.extract_lane(iStart, 1), f64x2.extract_lane(v0, 1), f64x2.extract_lane(v1, 1), threshold, v, outJ, outI, outFrac, count)
  }
  for (; j < n; j++) {
    const o = (<usize>j) << 3
    const iStart = load<f64>(syn + o) + load<f64>(ring + o) + (cin ? load<f64>(cin + <usize>((j >> 2) * stride + ((j & 3) << 3))) : 0.0)
    store<f64>(ring + o, 0)
    store<f64>(syn + o, iStart * beta)
    const v0 = load<f64>(v + o)
    count = lane(j, iStart, v0, alpha * v0 + gain * iStart, threshold, v, outJ, outI, outFrac, count)
  }
  return count
}

/** Neuron j's new voltage v1 (from v0): a spike at threshold (written out, V reset to 0), else V = v1. Returns the spike count. */
function lane(j: i32, iStart: f64, v0: f64, v1: f64, threshold: f64, v: usize, outJ: usize, outI: usize, outFrac: usize, count: i32): i32 {
  const o = (<usize>j) << 3
  if (v1 >= threshold) {
    store<i32>(outJ + ((<usize>count) << 2), j)
    store<f64>(outI + ((<usize>count) << 3), iStart)
    store<f64>(outFrac + ((<usize>count) << 3), (threshold - v0) / (v1 - v0))
    store<f64>(v + o, 0)
    return count + 1
  }
  store<f64>(v + o, v1)
  return count
}

/**
 * A spike's weights into the arrival rows: synapse j's weight is added at `row` + o[j]·8, where
 * row is the start of the row of step n + 1 and o[j] = D[j]·n + j (the delay's row, the post
 * neuron's column: made once per parameter update, so an arrival costs no slot arithmetic).
 * Offsets are u16 where every one fits (the SHD-size network's: half the bytes in the caches
 * beside the weights and rows), else i32: each loop that reads them has both, O the offsets' type.
 */
export function propagate(n: i32, row: usize, o: usize, w: usize): void {
  propagateT<i32>(n, row, o, w)
}
export function propagate16(n: i32, row: usize, o: usize, w: usize): void {
  propagateT<u16>(n, row, o, w)
}
function propagateT<O>(n: i32, row: usize, o: usize, w: usize): void {
  let j = 0
  // four at a time: the loop's own count and branch are a third of an arrival's work otherwise
  for (; j + 4 <= n; j += 4) {
    const oj = o + (<usize>j) * sizeof<O>(), wj = w + ((<usize>j) << 3)
    const h0 = row + ((<usize>load<O>(oj)) << 3), h1 = row + ((<usize>load<O>(oj, sizeof<O>())) << 3)
    const h2 = row + ((<usize>load<O>(oj, 2 * sizeof<O>())) << 3), h3 = row + ((<usize>load<O>(oj, 3 * sizeof<O>())) << 3)
    store<f64>(h0, load<f64>(h0) + load<f64>(wj))
    store<f64>(h1, load<f64>(h1) + load<f64>(wj, 8))
    store<f64>(h2, load<f64>(h2) + load<f64>(wj, 16))
    store<f64>(h3, load<f64>(h3) + load<f64>(wj, 24))
  }
  for (; j < n; j++) {
    const h = row + ((<usize>load<O>(o + (<usize>j) * sizeof<O>())) << 3)
    store<f64>(h, load<f64>(h) + load<f64>(w + ((<usize>j) << 3)))
  }
}

/** propagate over the present synapses cols[c0..c1) of a sparse row. */
export function propagateSparse(row: usize, o: usize, w: usize, cols: usize, c0: i32, c1: i32): void {
  propagateSparseT<i32>(row, o, w, cols, c0, c1)
}
export function propagateSparse16(row: usize, o: usize, w: usize, cols: usize, c0: i32, c1: i32): void {
  propagateSparseT<u16>(row, o, w, cols, c0, c1)
}
function propagateSparseT<O>(row: usize, o: usize, w: usize, cols: usize, c0: i32, c1: i32): void {
  for (let c = c0; c < c1; c++) {
    const j = <usize>load<i32>(cols + ((<usize>c) << 2))
    const h = row + ((<usize>load<O>(o + j * sizeof<O>())) << 3)
    store<f64>(h, load<f64>(h) + load<f64>(w + (j << 3)))
  }
}

/**
 * A spike's adjoint gather (backward): for each synapse, reads the post neuron's (λ_V − λ_I, λ_I)
 * at arrival from the history (pairs at `row` + o[j]·16: row is the history row of step n + 1, o
 * as in propagate) and adds the pair to the synapse's arrival sums (pairs at acc + j·16; the
 * gradients are made from them once per pass, since w does not change within one), and returns
 * Σ w·(λ_V − λ_I) in four partial sums s[j mod 4] (two f64x2 lanes each: the sum's latency no
 * longer bounds the loop), added as (s0 + s2) + (s1 + s3), then the n mod 4 last synapses in
 * order. Arrivals after the last step read rows past it, which hold zeros, so they add exactly 0.
 */
export function gather(n: i32, row: usize, o: usize, w: usize, acc: usize): f64 {
  return gatherT<i32>(n, row, o, w, acc)
}
export function gather16(n: i32, row: usize, o: usize, w: usize, acc: usize): f64 {
  return gatherT<u16>(n, row, o, w, acc)
}
function gatherT<O>(n: i32, row: usize, o: usize, w: usize, acc: usize): f64 {
  let sA = f64x2.splat(0), sB = f64x2.splat(0)
  let j = 0
  for (; j + 4 <= n; j += 4) {
    const oj = o + (<usize>j) * sizeof<O>()
    const p0 = v128.load(row + ((<usize>load<O>(oj)) << 4))
    const p1 = v128.load(row + ((<usize>load<O>(oj, 1 * sizeof<O>())) << 4))
    const p2 = v128.load(row + ((<usize>load<O>(oj, 2 * sizeof<O>())) << 4))
    const p3 = v128.load(row + ((<usize>load<O>(oj, 3 * sizeof<O>())) << 4))
    const a = acc + ((<usize>j) << 4), wj = w + ((<usize>j) << 3)
    sA = twoArrivals(a, wj, p0, p1, sA)
    sB = twoArrivals(a + 32, wj + 16, p2, p3, sB)
  }
  const s = f64x2.add(sA, sB)
  let rev = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1)
  for (; j < n; j++) rev += arrival<O>(<usize>j, row, o, w, acc)
  return rev
}

/**
 * Two neighbouring synapses' arrival pairs p, q into their sums (at a, a + 16), and s plus their
 * weights (at w) times their λ_V − λ_I (the pairs' first lanes): one lane each.
 */
function twoArrivals(a: usize, w: usize, p: v128, q: v128, s: v128): v128 {
  v128.store(a, f64x2.add(v128.load(a), p))
  v128.store(a, f64x2.add(v128.load(a, 16), q), 16)
  return f64x2.add(s, f64x2.mul(v128.load(w), v128.shuffle<f64>(p, q, 0, 2)))
}

/** gather over the present synapses cols[c0..c1) of a sparse row (one sum, in order). */
export function gatherSparse(row: usize, o: usize, w: usize, acc: usize, cols: usize, c0: i32, c1: i32): f64 {
  return gatherSparseT<i32>(row, o, w, acc, cols, c0, c1)
}
export function gatherSparse16(row: usize, o: usize, w: usize, acc: usize, cols: usize, c0: i32, c1: i32): f64 {
  return gatherSparseT<u16>(row, o, w, acc, cols, c0, c1)
}
function gatherSparseT<O>(row: usize, o: usize, w: usize, acc: usize, cols: usize, c0: i32, c1: i32): f64 {
  let rev = 0.0
  for (let c = c0; c < c1; c++) rev += arrival<O>(<usize>load<i32>(cols + ((<usize>c) << 2)), row, o, w, acc)
  return rev
}

/** One synapse of a gather: its arrival pair into its sums, and its w·(λ_V − λ_I). */
function arrival<O>(j: usize, row: usize, o: usize, w: usize, acc: usize): f64 {
  const p = v128.load(row + ((<usize>load<O>(o + j * sizeof<O>())) << 4))
  const a = acc + (j << 4)
  v128.store(a, f64x2.add(v128.load(a), p))
  return load<f64>(w + (j << 3)) * f64x2.extract_lane(p, 0)
}

/** propagate for a step's spikes: rows neurons[0 .. count) of a dense projection (row i at o + i·n·sizeof<O>, w + i·n·8). */
export function propagateList(n: i32, row: usize, o: usize, w: usize, neurons: usize, count: i32): void {
  propagateListT<i32>(n, row, o, w, neurons, count)
}
export function propagateList16(n: i32, row: usize, o: usize, w: usize, neurons: usize, count: i32): void {
  propagateListT<u16>(n, row, o, w, neurons, count)
}
function propagateListT<O>(n: i32, row: usize, o: usize, w: usize, neurons: usize, count: i32): void {
  for (let k = 0; k < count; k++) {
    const i = <usize>(load<i32>(neurons + ((<usize>k) << 2)) * n)
    propagateT<O>(n, row, o + i * sizeof<O>(), w + (i << 3))
  }
}

/** gather for a step's spikes, in list order: revs[k] += the gather of row neurons[k] (row i at o + i·n·sizeof<O>, w + i·n·8, acc + i·n·16). */
export function gatherList(n: i32, row: usize, o: usize, w: usize, acc: usize, neurons: usize, count: i32, revs: usize): void {
  gatherListT<i32>(n, row, o, w, acc, neurons, count, revs)
}
export function gatherList16(n: i32, row: usize, o: usize, w: usize, acc: usize, neurons: usize, count: i32, revs: usize): void {
  gatherListT<u16>(n, row, o, w, acc, neurons, count, revs)
}
function gatherListT<O>(n: i32, row: usize, o: usize, w: usize, acc: usize, neurons: usize, count: i32, revs: usize): void {
  for (let k = 0; k < count; k++) {
    const i = <usize>(load<i32>(neurons + ((<usize>k) << 2)) * n)
    const at = revs + ((<usize>k) << 3)
    store<f64>(at, load<f64>(at) + gatherT<O>(n, row, o + i * sizeof<O>(), w + (i << 3), acc + (i << 4)))
  }
}

/**
 * propagateList for a projection without delays: every arrival lands in `row` (step n + 1's), so
 * each row of weights is added to it, two at a time (the same adds, element by element).
 */
export function propagateListFlat(n: i32, row: usize, w: usize, neurons: usize, count: i32): void {
  for (let k = 0; k < count; k++) {
    addRow(n, row, w + ((<usize>(load<i32>(neurons + ((<usize>k) << 2)) * n)) << 3))
  }
}

/** gatherList for a projection without delays: every arrival reads `row`, one contiguous row of pairs (the same sums as gather). */
export function gatherListFlat(n: i32, h: usize, w: usize, acc: usize, neurons: usize, count: i32, revs: usize): void {
  for (let k = 0; k < count; k++) {
    const row = <usize>(load<i32>(neurons + ((<usize>k) << 2)) * n)
    const wRow = w + (row << 3), aRow = acc + (row << 4)
    let sA = f64x2.splat(0), sB = f64x2.splat(0)
    let j = 0
    for (; j + 4 <= n; j += 4) {
      const hj = h + ((<usize>j) << 4), a = aRow + ((<usize>j) << 4), wj = wRow + ((<usize>j) << 3)
      sA = twoArrivals(a, wj, v128.load(hj), v128.load(hj, 16), sA)
      sB = twoArrivals(a + 32, wj + 16, v128.load(hj, 32), v128.load(hj, 48), sB)
    }
    const s = f64x2.add(sA, sB)
    let rev = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1)
    for (; j < n; j++) {
      const p = v128.load(h + ((<usize>j) << 4)), a = aRow + ((<usize>j) << 4)
      v128.store(a, f64x2.add(v128.load(a), p))
      rev += load<f64>(wRow + ((<usize>j) << 3)) * f64x2.extract_lane(p, 0)
    }
    const at = revs + ((<usize>k) << 3)
    store<f64>(at, load<f64>(at) + rev)
  }
}

/**
 * Exact integration of the adjoints back over one step: τm λ̇_V = −λ_V + s, τs λ̇_I = −λ_I + λ_V
 * with s = drive[j] (drive = 0: undriven).
 */
export function integrate(n: i32, lv: usize, li: usize, alpha: f64, beta: f64, a: f64, drive: usize): void {
  const Al = f64x2.splat(alpha), B = f64x2.splat(beta), Aa = f64x2.splat(a), Z = f64x2.splat(0)
  let j = 0
  for (; j + 2 <= n; j += 2) {
    const o = (<usize>j) << 3
    const s = drive ? v128.load(drive + o) : Z
    const l = f64x2.sub(v128.load(lv + o), s)
    v128.store(li + o, f64x2.add(f64x2.add(s, f64x2.mul(B, f64x2.sub(v128.load(li + o), s))), f64x2.mul(Aa, l)))
    v128.store(lv + o, f64x2.add(s, f64x2.mul(Al, l)))
  }
  for (; j < n; j++) {
    const o = (<usize>j) << 3
    const s = drive ? load<f64>(drive + o) : 0.0
    const l = load<f64>(lv + o) - s
    store<f64>(li + o, s + beta * (load<f64>(li + o) - s) + a * l)
    store<f64>(lv + o, s + alpha * l)
  }
}

/**
 * The input currents of a sample, synapse by synapse rather than spike by spike (inputs do not
 * depend on the network): cin[⌊j/4⌋·4·len + 4m + j mod 4] = Σ w_ij over input spikes (n, i) that
 * arrive at step m = n + 1 + d_ij (post neurons by quads, a quad's four currents of a step side by
 * side, as step reads them). The spikes are listed by channel: channel i's are at[start[i] ..
 * start[i + 1]), each as n + 1, in time order; so a synapse's delay and weight are loaded once for
 * all its arrivals, and a neuron's sums come in channel order, then time order. A quad's rows are
 * `len` ≥ steps + the longest delay long, so arrivals after the end land in their tail instead of
 * a branch. dT and wT hold the projection transposed ([j][i]): one quad's reads and writes stay
 * within a few tens of kilobytes. A quad's four neurons share each spike's load.
 */
export function inputCurrent(n: i32, nIn: i32, len: i32, start: usize, at: usize, dT: usize, wT: usize, cin: usize): void {
  const dS = (<usize>nIn) << 2, wS = (<usize>nIn) << 3, qS = (<usize>len) << 5
  let j = 0
  for (; j + 4 <= n; j += 4) {
    const d0 = dT + ((<usize>(j * nIn)) << 2), w0 = wT + ((<usize>(j * nIn)) << 3), c0 = cin + <usize>(j >> 2) * qS
    // (each quad's rows zeroed just before its sums: then they are still in the nearest cache)
    memory.fill(c0, 0, qS)
    for (let i = 0; i < nIn; i++) {
      const k0 = load<i32>(start + ((<usize>i) << 2)), k1 = load<i32>(start + ((<usize>i) << 2), 4)
      if (k0 >= k1) continue
      const di = d0 + ((<usize>i) << 2), wi = w0 + ((<usize>i) << 3)
      const ha = c0 + ((<usize>load<i32>(di)) << 5), hb = c0 + 8 + ((<usize>load<i32>(di + dS)) << 5)
      const hc = c0 + 16 + ((<usize>load<i32>(di + 2 * dS)) << 5), hd = c0 + 24 + ((<usize>load<i32>(di + 3 * dS)) << 5)
      const wa = load<f64>(wi), wb = load<f64>(wi + wS), wc = load<f64>(wi + 2 * wS), wd = load<f64>(wi + 3 * wS)
      // two spikes a loop pass (a channel has a few per sample: the loop's own count, branch and
      // stack check were a fifth of a pass), each as before, in order
      let k = k0
      for (; k + 2 <= k1; k += 2) {
        const o = (<usize>load<i32>(at + ((<usize>k) << 2))) << 5, o2 = (<usize>load<i32>(at + ((<usize>k) << 2), 4)) << 5
        store<f64>(ha + o, load<f64>(ha + o) + wa)
        store<f64>(hb + o, load<f64>(hb + o) + wb)
        store<f64>(hc + o, load<f64>(hc + o) + wc)
        store<f64>(hd + o, load<f64>(hd + o) + wd)
        store<f64>(ha + o2, load<f64>(ha + o2) + wa)
        store<f64>(hb + o2, load<f64>(hb + o2) + wb)
        store<f64>(hc + o2, load<f64>(hc + o2) + wc)
        store<f64>(hd + o2, load<f64>(hd + o2) + wd)
      }
      if (k < k1) {
        const o = (<usize>load<i32>(at + ((<usize>k) << 2))) << 5
        store<f64>(ha + o, load<f64>(ha + o) + wa)
        store<f64>(hb + o, load<f64>(hb + o) + wb)
        store<f64>(hc + o, load<f64>(hc + o) + wc)
        store<f64>(hd + o, load<f64>(hd + o) + wd)
      }
    }
  }
  // the last quad's one to three neurons
  if (j < n) memory.fill(cin + <usize>(j >> 2) * qS, 0, qS)
  for (; j < n; j++) {
    const dRow = dT + ((<usize>(j * nIn)) << 2), wRow = wT + ((<usize>(j * nIn)) << 3), c0 = cin + <usize>(j >> 2) * qS + ((<usize>(j & 3)) << 3)
    for (let i = 0; i < nIn; i++) {
      const k0 = load<i32>(start + ((<usize>i) << 2)), k1 = load<i32>(start + ((<usize>i) << 2), 4)
      if (k0 >= k1) continue
      const h = c0 + ((<usize>load<i32>(dRow + ((<usize>i) << 2))) << 5), w = load<f64>(wRow + ((<usize>i) << 3))
      for (let k = k0; k < k1; k++) {
        const o = (<usize>load<i32>(at + ((<usize>k) << 2))) << 5
        store<f64>(h + o, load<f64>(h + o) + w)
      }
    }
  }
}

/** out[j] += w[j] for j < n, two at a time (each element's own add). */
function addRow(n: i32, out: usize, w: usize): void {
  let j = 0
  for (; j + 2 <= n; j += 2) {
    const o = (<usize>j) << 3
    v128.store(out + o, f64x2.add(v128.load(out + o), v128.load(w + o)))
  }
  if (j < n) {
    const o = (<usize>j) << 3
    store<f64>(out + o, load<f64>(out + o) + load<f64>(w + o))
  }
}

/**
 * inputCurrent for an input projection without delays: every spike of step n arrives at m = n + 1,
 * so its weight row is added to row m of cin ([step][post], `len` rows), two at a time, in tape
 * order: each cin[m][j] gets the same adds in the same order as in the delayed form.
 */
export function inputCurrentFlat(n: i32, len: i32, ev: usize, count: i32, w: usize, cin: usize): void {
  memory.fill(cin, 0, (<usize>(n * len)) << 3)
  const rowBytes = (<usize>n) << 3
  for (let c = 0; c < count; c++) {
    const e = load<u32>(ev + ((<usize>c) << 2))
    addRow(n, cin + <usize>(e & 0xffff) * rowBytes, w + <usize>(e >>> 16) * rowBytes)
  }
}

/**
 * inputArrivals for an input projection without delays, spike by spike: for every sample g (in
 * order) and its spikes from the last, the post neurons' (λ_V − λ_I, λ_I) of row m = n + 1 of its trace
 * ([step][post] pairs, sample g's `tStride` bytes after sample g − 1's) are added to the channel's
 * row of arrival sums acc[i][j]: the order the spike-by-spike pass adds them in.
 */
export function inputArrivalsFlat(n: i32, ev: usize, starts: usize, groups: i32, acc: usize, trace: usize, tStride: i32): void {
  const rowBytes = (<usize>n) << 4
  for (let g = 0; g < groups; g++) {
    const t = trace + <usize>g * <usize>tStride
    const c0 = load<i32>(starts + ((<usize>g) << 2))
    for (let c = load<i32>(starts + ((<usize>g) << 2), 4) - 1; c >= c0; c--) {
      const e = load<u32>(ev + ((<usize>c) << 2))
      const tRow = t + <usize>(e & 0xffff) * rowBytes, aRow = acc + <usize>(e >>> 16) * rowBytes
      for (let j = 0; j < n; j++) {
        const o = (<usize>j) << 4
        v128.store(aRow + o, f64x2.add(v128.load(aRow + o), v128.load(tRow + o)))
      }
    }
  }
}

/**
 * Stores (λ_V[j] − λ_I[j], λ_I[j]) as pairs at out + j·stride (bytes): the history ring's slot, an
 * input projection's trace. A gather's Σ w·(λ_V − λ_I) then takes one lane of each pair, and the
 * delay gradient's Σ(λ_V − λ_I) is summed as it is used.
 */
export function storePairs(n: i32, lv: usize, li: usize, out: usize, stride: i32): void {
  let j = 0
  // two at a time: one subtraction for both, and each pair stored whole
  for (; j + 2 <= n; j += 2) {
    const V = v128.load(lv + ((<usize>j) << 3)), I = v128.load(li + ((<usize>j) << 3)), D = f64x2.sub(V, I)
    const h = out + <usize>(j * stride)
    v128.store(h, v128.shuffle<f64>(D, I, 0, 2))
    v128.store(h + <usize>stride, v128.shuffle<f64>(D, I, 1, 3))
  }
  for (; j < n; j++) {
    const h = out + <usize>(j * stride), i = load<f64>(li + ((<usize>j) << 3))
    store<f64>(h, load<f64>(lv + ((<usize>j) << 3)) - i)
    store<f64>(h + 8, i)
  }
}

/**
 * The arrival sums of a projection whose presynaptic spikes are known before the backward pass
 * (the inputs), for a group of samples after their backward passes, synapse by synapse:
 * accT[j][i] += post neuron j's (λ_V − λ_I, λ_I) at every arrival n + 1 + d_ij of a spike (n, i), from
 * its sample's adjoint history (sample g's at h + g·n·len pairs, [step][post]: zero from `steps`
 * on, so arrivals after the end add 0). The spikes are listed by channel (channel i's at
 * at[start[i] .. start[i + 1])), each as 8·g·len + n + 1 for its sample g, sample by sample and
 * last first within a sample: the order the spike-by-spike pass adds them in. Eight post neurons'
 * histories at a time are first copied into `block` ([sample][post][step] pairs, 8·groups·len of
 * them: each history row gives up two whole cache lines, where four posts gave one and visited
 * every row's page twice as often), where an arrival is one load from the nearer caches; then four
 * post neurons at a time: a synapse's sums stay in registers over all its arrivals, its delay is
 * loaded once, and the four share each load of the list.
 */
export function inputArrivals(n: i32, nIn: i32, len: i32, start: usize, at: usize, dT: usize, accT: usize, h: usize, groups: i32, block: usize): void {
  const tS = (<usize>len) << 4, hS = (<usize>(n * len)) << 4, rowS = (<usize>n) << 4
  for (let j = 0; j < n; j += 8) {
    const Q = min(8, n - j)
    for (let g = 0; g < groups; g++) {
      const from = h + <usize>g * hS + ((<usize>j) << 4), to = block + <usize>(8 * g) * tS
      if (Q === 8)
        for (let m = 0; m < len; m++) {
          const r = from + <usize>m * rowS, t = to + ((<usize>m) << 4)
          v128.store(t, v128.load(r))
          v128.store(t + tS, v128.load(r, 16))
          v128.store(t + 2 * tS, v128.load(r, 32))
          v128.store(t + 3 * tS, v128.load(r, 48))
          v128.store(t + 4 * tS, v128.load(r, 64))
          v128.store(t + 5 * tS, v128.load(r, 80))
          v128.store(t + 6 * tS, v128.load(r, 96))
          v128.store(t + 7 * tS, v128.load(r, 112))
        }
      else
        for (let q = 0; q < Q; q++)
          for (let m = 0; m < len; m++) v128.store(to + <usize>q * tS + ((<usize>m) << 4), v128.load(from + <usize>m * rowS + ((<usize>q) << 4)))
    }
    let q = 0
    for (; q + 4 <= Q; q += 4) quadArrivals(j + q, nIn, len, start, at, dT, accT, block + <usize>q * tS)
    for (; q < Q; q++) postArrivals(j + q, nIn, start, at, dT, accT, block + <usize>q * tS)
  }
}

/** inputArrivals' sums of post neurons j .. j + 3 from their block (post j + q's pairs from block + q·len). */
function quadArrivals(j: i32, nIn: i32, len: i32, start: usize, at: usize, dT: usize, accT: usize, block: usize): void {
  const dS = (<usize>nIn) << 2, aS = (<usize>nIn) << 4, tS = (<usize>len) << 4
  const dRow = dT + ((<usize>(j * nIn)) << 2), aRow = accT + ((<usize>(j * nIn)) << 4)
  for (let i = 0; i < nIn; i++) {
    const k0 = load<i32>(start + ((<usize>i) << 2)), k1 = load<i32>(start + ((<usize>i) << 2), 4)
    if (k0 >= k1) continue
    const di = dRow + ((<usize>i) << 2)
    const b0 = block + ((<usize>load<i32>(di)) << 4), b1 = block + tS + ((<usize>load<i32>(di + dS)) << 4)
    const b2 = block + 2 * tS + ((<usize>load<i32>(di + 2 * dS)) << 4), b3 = block + 3 * tS + ((<usize>load<i32>(di + 3 * dS)) << 4)
    const a0 = aRow + ((<usize>i) << 4), a1 = a0 + aS, a2 = a1 + aS, a3 = a2 + aS
    let s0 = v128.load(a0), s1 = v128.load(a1), s2 = v128.load(a2), s3 = v128.load(a3)
    // two arrivals a loop pass, each into the sums in order (as inputCurrent's spikes)
    let k = k0
    for (; k + 2 <= k1; k += 2) {
      const o = (<usize>load<i32>(at + ((<usize>k) << 2))) << 4, o2 = (<usize>load<i32>(at + ((<usize>k) << 2), 4)) << 4
      s0 = f64x2.add(f64x2.add(s0, v128.load(b0 + o)), v128.load(b0 + o2))
      s1 = f64x2.add(f64x2.add(s1, v128.load(b1 + o)), v128.load(b1 + o2))
      s2 = f64x2.add(f64x2.add(s2, v128.load(b2 + o)), v128.load(b2 + o2))
      s3 = f64x2.add(f64x2.add(s3, v128.load(b3 + o)), v128.load(b3 + o2))
    }
    if (k < k1) {
      const o = (<usize>load<i32>(at + ((<usize>k) << 2))) << 4
      s0 = f64x2.add(s0, v128.load(b0 + o))
      s1 = f64x2.add(s1, v128.load(b1 + o))
      s2 = f64x2.add(s2, v128.load(b2 + o))
      s3 = f64x2.add(s3, v128.load(b3 + o))
    }
    v128.store(a0, s0)
    v128.store(a1, s1)
    v128.store(a2, s2)
    v128.store(a3, s3)
  }
}

/** inputArrivals' sums of post neuron j alone, its pairs from `b`. */
function postArrivals(j: i32, nIn: i32, start: usize, at: usize, dT: usize, accT: usize, b: usize): void {
  const dRow = dT + ((<usize>(j * nIn)) << 2), aRow = accT + ((<usize>(j * nIn)) << 4)
  for (let i = 0; i < nIn; i++) {
    const k0 = load<i32>(start + ((<usize>i) << 2)), k1 = load<i32>(start + ((<usize>i) << 2), 4)
    if (k0 >= k1) continue
    const bi = b + ((<usize>load<i32>(dRow + ((<usize>i) << 2))) << 4), a = aRow + ((<usize>i) << 4)
    let s = v128.load(a)
    for (let k = k0; k < k1; k++) s = f64x2.add(s, v128.load(bi + ((<usize>load<i32>(at + ((<usize>k) << 2))) << 4)))
    v128.store(a, s)
  }
}

/**
 * A pass's gradients from a projection's arrival sums (pairs (Σ(λ_V − λ_I), Σλ_I) at a, [pre][post],
 * rows of n), over the rows i with touched[i] (cleared, and their sums zeroed): g[k] += −τs·Σλ_I
 * and, with gd ≠ 0, gd[k] += w[k]·Σ(λ_V − λ_I), k = i·n + j; two synapses at a time.
 */
export function rowGrads(rows: i32, n: i32, a: usize, touched: usize, g: usize, gd: usize, w: usize, tauS: f64): void {
  const nt = -tauS, NT = f64x2.splat(-tauS)
  for (let i = 0; i < rows; i++) {
    const t = touched + ((<usize>i) << 2)
    if (load<i32>(t) === 0) continue
    store<i32>(t, 0)
    const k0 = <usize>(i * n)
    let j = 0
    for (; j + 2 <= n; j += 2) {
      const k = k0 + <usize>j, p = v128.load(a + (k << 4)), q = v128.load(a + (k << 4), 16)
      const sD = v128.shuffle<f64>(p, q, 0, 2), sI = v128.shuffle<f64>(p, q, 1, 3)
      v128.store(g + (k << 3), f64x2.add(v128.load(g + (k << 3)), f64x2.mul(NT, sI)))
      if (gd) v128.store(gd + (k << 3), f64x2.add(v128.load(gd + (k << 3)), f64x2.mul(v128.load(w + (k << 3)), sD)))
    }
    for (; j < n; j++) {
      const k = k0 + <usize>j, sD = load<f64>(a + (k << 4)), sI = load<f64>(a + (k << 4), 8)
      store<f64>(g + (k << 3), load<f64>(g + (k << 3)) + nt * sI)
      if (gd) store<f64>(gd + (k << 3), load<f64>(gd + (k << 3)) + load<f64>(w + (k << 3)) * sD)
    }
    memory.fill(a + (k0 << 4), 0, (<usize>n) << 4)
  }
}

/** rowGrads from transposed sums (pairs at t, [post][pre]) over every synapse, in 32 × 32 tiles; the sums are left as they are. */
export function transposedGrads(rows: i32, n: i32, t: usize, g: usize, gd: usize, w: usize, tauS: f64): void {
  const nt = -tauS
  for (let i0 = 0; i0 < rows; i0 += 32)
    for (let j0 = 0; j0 < n; j0 += 32) {
      const iEnd = min(rows, i0 + 32), jEnd = min(n, j0 + 32)
      for (let i = i0; i < iEnd; i++)
        for (let j = j0; j < jEnd; j++) {
          const k = (<usize>(i * n + j)) << 3, s = (<usize>(j * rows + i)) << 4
          const sD = load<f64>(t + s), sI = load<f64>(t + s, 8)
          store<f64>(g + k, load<f64>(g + k) + nt * sI)
          if (gd) store<f64>(gd + k, load<f64>(gd + k) + load<f64>(w + k) * sD)
        }
    }
}

/**
 * A projection's delays in steps and arrival offsets from its delay parameters (ms, rows of n at
 * p): d = min(k, max(0, round(clamp(p, 0, maxMs) / dt))) with JavaScript's Math.round (ties
 * upward: r = floor(q), plus 1 where q − r ≥ 0.5, which is exact for q ≥ 0; NaN gives 0, as an
 * Int32Array store of NaN does), and o = d·n + j. The rounding's +1 is an integer add of the
 * comparison: an f64 select compiles to a branch, which random delays mispredict half the time.
 */
export function delayOffsets(rows: i32, n: i32, p: usize, maxMs: f64, dt: f64, k: i32, d: usize, o: usize): void {
  delayOffsetsT<i32>(rows, n, p, maxMs, dt, k, d, o)
}
export function delayOffsets16(rows: i32, n: i32, p: usize, maxMs: f64, dt: f64, k: i32, d: usize, o: usize): void {
  delayOffsetsT<u16>(rows, n, p, maxMs, dt, k, d, o)
}
function delayOffsetsT<O>(rows: i32, n: i32, p: usize, maxMs: f64, dt: f64, k: i32, d: usize, o: usize): void {
  let at: usize = 0
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < n; j++, at++) {
      const x = min(maxMs, max(0, load<f64>(p + (at << 3))))
      const q = select<f64>(x, 0, !isNaN(x)) / dt
      const f = Math.floor(q)
      const r = <i32>f + <i32>(q - f >= 0.5)
      const di = select<i32>(k, r, r > k)
      store<i32>(d + (at << 2), di)
      store<O>(o + at * sizeof<O>(), di * n + j)
    }
}

/** out[j·rows + i] = a[i·cols + j] for 8-byte (size 3) or 4-byte (size 2) elements, in 16 × 16 tiles (both sides stay in cache). */
export function transpose(out: usize, a: usize, rows: i32, cols: i32, size: i32): void {
  for (let i0 = 0; i0 < rows; i0 += 16)
    for (let j0 = 0; j0 < cols; j0 += 16) {
      const iEnd = min(rows, i0 + 16), jEnd = min(cols, j0 + 16)
      for (let i = i0; i < iEnd; i++)
        for (let j = j0; j < jEnd; j++) {
          const from = a + ((<usize>(i * cols + j)) << size), to = out + ((<usize>(j * rows + i)) << size)
          if (size > 2) store<u64>(to, load<u64>(from))
          else store<u32>(to, load<u32>(from))
        }
    }
}

/**
 * One sample's whole EventProp backward pass for the common network (every projection from a
 * LIF/LI population dense, readout by step weights or by each output's maximum, inputs handled
 * synapse by synapse after the pass), so a step costs no call from JavaScript: the same operations
 * in the same order as CpuNetwork's backward loop (drive, integrate, each population's spikes of
 * the step, gathers then jumps, history), which stays the reference and the path for every other
 * network. `d` is a descriptor of f64 slots (BackwardLayout in network.ts: a header, a record per
 * population, one per projection; addresses and counts as exact integers); the tapes are copies
 * in this memory, and each population's record keeps its tape cursor.
 */
export function backwardPass(d: usize): void {
  const steps = <i32>load<f64>(d), P = <i32>load<f64>(d, 8), out = <i32>load<f64>(d, 16), nOut = <i32>load<f64>(d, 24)
  const byMax = load<f64>(d, 32) !== 0, scale = load<f64>(d, 40), dt = load<f64>(d, 48)
  const dLdr = <usize>load<f64>(d, 56), readoutW = <usize>load<f64>(d, 64), argmax = <usize>load<f64>(d, 72), drive = <usize>load<f64>(d, 80)
  const list = <usize>load<f64>(d, 88), revs = <usize>load<f64>(d, 96), X = <i32>load<f64>(d, 104), minIMinusV = load<f64>(d, 112)
  const pops = d + HEADER_BYTES, prjs = pops + <usize>P * POP_BYTES
  for (let p = 0; p < P; p++) {
    const r = pops + <usize>p * POP_BYTES
    store<f64>(r + 8 * POP_CURSOR, load<f64>(r + 8 * POP_TAPE_LENGTH) - 1)
  }
  for (let n = steps - 1; n >= -1; n--) {
    if (n >= 0) {
      // the loss drive of step n, then λ back over the step
      for (let k = 0; k < nOut; k++) {
        const c = byMax ? (load<i32>(argmax + ((<usize>k) << 2)) === n ? 1.0 : 0.0) : load<f64>(readoutW + ((<usize>n) << 3))
        store<f64>(drive + ((<usize>k) << 3), (-scale * load<f64>(dLdr + ((<usize>k) << 3)) * c) / dt)
      }
      for (let p = 1; p < P; p++) {
        const r = pops + <usize>p * POP_BYTES
        integrate(<i32>load<f64>(r), <usize>load<f64>(r, 48), <usize>load<f64>(r, 56), load<f64>(r, 8), load<f64>(r, 16), load<f64>(r, 24), p === out ? drive : 0)
      }
    }
    inputsBack(pops, n, prjs, X)
    for (let p = 1; p < P; p++) spikesBack(pops + <usize>p * POP_BYTES, p, p === out, n, prjs, X, list, revs, drive, minIMinusV)
    if (n < 0) break
    for (let p = 1; p < P; p++) {
      const r = pops + <usize>p * POP_BYTES
      const N = <i32>load<f64>(r), lv = <usize>load<f64>(r, 48), li = <usize>load<f64>(r, 56)
      const row = (<usize>(n * N)) << 4
      storePairs(N, lv, li, <usize>load<f64>(r, 64) + row, 16)
      const trace = <usize>load<f64>(r, 72)
      if (trace) storePairs(N, lv, li, trace + row, 16)
    }
  }
}

/**
 * The passes' descriptor (PassLayout): header bytes, then records of POP_BYTES per population and
 * PRJ_BYTES per projection, f64 slots (byte offset / 8). Header: steps, populations, output, its
 * size, readout by maximum, loss scale, dt, dL/dr, readout weights, argmax, drive, spike list, sums,
 * projections, min I − V, the input currents' quad stride (with delays; per call), readout. Population: size, α, β, integration factor a, ϑ,
 * LIF, λ_V, λ_I, history, flat input trace, tape steps, neurons, I − V, α^frac, jump factor into
 * λ_I, tape length, regulariser terms, cursor, arrival rows, V, I, gain, input current, currents by
 * step, tape step-start currents, fractions, tape room. Projection: pre, post size, post history,
 * offsets, weights, arrival sums, touched rows, no delays, runs synapse by synapse, post arrival rows,
 * the offsets' bytes (2: u16, else i32).
 */
const HEADER_BYTES: usize = 192
const POP_BYTES: usize = 224
const POP_TAPE_LENGTH: usize = 15
const POP_CURSOR: usize = 17
const PRJ_BYTES: usize = 88

/**
 * One sample's forward steps for the networks backwardPass covers, once the input currents of the
 * projections that run synapse by synapse are made: each step of each population (step, with its
 * input current), its spikes straight onto the population's tape copy (step, neuron, step-start
 * current, crossing fraction), the output's readout, the spikes' weights into the arrival rows,
 * then the step's input spikes through the projections that go spike by spike: the operations of
 * CpuNetwork's step loop, in its order. The tape entries' exponentials
 * are left to JavaScript (whose Math.exp this module does not have). Returns 0, having stopped,
 * when a population's tape copy could not take another step's spikes.
 */
export function forwardPass(d: usize): i32 {
  const steps = <i32>load<f64>(d), P = <i32>load<f64>(d, 8), out = <i32>load<f64>(d, 16), nOut = <i32>load<f64>(d, 24)
  const byMax = load<f64>(d, 32) !== 0, readoutW = <usize>load<f64>(d, 64), argmax = <usize>load<f64>(d, 72)
  const X = <i32>load<f64>(d, 104), quadStride = <i32>load<f64>(d, 120), readout = <usize>load<f64>(d, 128)
  const pops = d + HEADER_BYTES, prjs = pops + <usize>P * POP_BYTES
  for (let p = 1; p < P; p++) store<f64>(pops + <usize>p * POP_BYTES + 8 * POP_TAPE_LENGTH, 0)
  store<f64>(pops + 8 * POP_CURSOR, 0)
  emitInputs(pops, -1, prjs, X)
  for (let n = 0; n < steps; n++) {
    for (let p = 1; p < P; p++) {
      const r = pops + <usize>p * POP_BYTES
      const N = <i32>load<f64>(r), at = <i32>load<f64>(r + 8 * POP_TAPE_LENGTH)
      if (at + N > <i32>load<f64>(r, 208)) return 0
      const v = <usize>load<f64>(r, 152), neurons = <usize>load<f64>(r, 88) + ((<usize>at) << 2)
      const cin = <usize>load<f64>(r, 176), flat = load<f64>(r, 184) !== 0
      const fired = step(N, <usize>load<f64>(r, 144) + ((<usize>(n * N)) << 3), v, <usize>load<f64>(r, 160), load<f64>(r, 8), load<f64>(r, 16),
        load<f64>(r, 168), load<f64>(r, 32), neurons, <usize>load<f64>(r, 192) + ((<usize>at) << 3), <usize>load<f64>(r, 200) + ((<usize>at) << 3),
        cin ? cin + ((<usize>(flat ? n * N : 4 * n)) << 3) : 0, flat ? 32 : quadStride << 3)
      const tSteps = <usize>load<f64>(r, 80)
      for (let c = 0; c < fired; c++) store<i32>(tSteps + ((<usize>(at + c)) << 2), n)
      store<f64>(r + 8 * POP_TAPE_LENGTH, <f64>(at + fired))
      if (p === out) {
        if (byMax)
          for (let k = 0; k < nOut; k++) {
            const x = load<f64>(v + ((<usize>k) << 3)), o = readout + ((<usize>k) << 3)
            if (x > load<f64>(o)) {
              store<f64>(o, x)
              store<i32>(argmax + ((<usize>k) << 2), n)
            }
          }
        else {
          const c = load<f64>(readoutW + ((<usize>n) << 3))
          for (let k = 0; k < nOut; k++) {
            const o = readout + ((<usize>k) << 3)
            store<f64>(o, load<f64>(o) + c * load<f64>(v + ((<usize>k) << 3)))
          }
        }
      }
      if (fired === 0) continue
      for (let x = 0; x < X; x++) {
        const q = prjs + <usize>x * PRJ_BYTES
        if (<i32>load<f64>(q) !== p) continue
        const Np = <i32>load<f64>(q, 8)
        const row = <usize>load<f64>(q, 72) + ((<usize>((n + 1) * Np)) << 3)
        if (load<f64>(q, 56) !== 0) propagateListFlat(Np, row, <usize>load<f64>(q, 32), neurons, fired)
        else if (load<f64>(q, 80) === 2) propagateListT<u16>(Np, row, <usize>load<f64>(q, 24), <usize>load<f64>(q, 32), neurons, fired)
        else propagateListT<i32>(Np, row, <usize>load<f64>(q, 24), <usize>load<f64>(q, 32), neurons, fired)
      }
    }
    emitInputs(pops, n, prjs, X)
  }
  return 1
}

/**
 * The input spikes of step n in forwardPass (the input tape copy, record 0, in order from its
 * cursor), each through the projections from the inputs that go spike by spike, in projection order.
 */
function emitInputs(pops: usize, n: i32, prjs: usize, X: i32): void {
  const tSteps = <usize>load<f64>(pops, 80), tNeurons = <usize>load<f64>(pops, 88), length = <i32>load<f64>(pops + 8 * POP_TAPE_LENGTH)
  let c = <i32>load<f64>(pops + 8 * POP_CURSOR)
  while (c < length && load<i32>(tSteps + ((<usize>c) << 2)) === n) {
    const i = load<i32>(tNeurons + ((<usize>c) << 2))
    for (let x = 0; x < X; x++) {
      const q = prjs + <usize>x * PRJ_BYTES
      if (<i32>load<f64>(q) !== 0 || load<f64>(q, 64) !== 0) continue
      const N = <i32>load<f64>(q, 8), row = <usize>(i * N), ring = <usize>load<f64>(q, 72) + ((<usize>((n + 1) * N)) << 3)
      if (load<f64>(q, 80) === 2) propagateT<u16>(N, ring, <usize>load<f64>(q, 24) + (row << 1), <usize>load<f64>(q, 32) + (row << 3))
      else propagateT<i32>(N, ring, <usize>load<f64>(q, 24) + (row << 2), <usize>load<f64>(q, 32) + (row << 3))
    }
    c++
  }
  store<f64>(pops + 8 * POP_CURSOR, <f64>c)
}

/**
 * Step n's input spikes in backwardPass (the input tape copy, record 0, last first), through the
 * projections from the inputs that go spike by spike (a projection's record says whether it runs
 * synapse by synapse instead): each spike's gather into its synapses' arrival sums (inputs take no
 * jump, so its sum is not needed).
 */
function inputsBack(pops: usize, n: i32, prjs: usize, X: i32): void {
  const tSteps = <usize>load<f64>(pops, 80), tNeurons = <usize>load<f64>(pops, 88)
  let c = <i32>load<f64>(pops + 8 * POP_CURSOR)
  while (c >= 0 && load<i32>(tSteps + ((<usize>c) << 2)) === n) {
    const i = load<i32>(tNeurons + ((<usize>c) << 2))
    for (let x = 0; x < X; x++) {
      const q = prjs + <usize>x * PRJ_BYTES
      if (<i32>load<f64>(q) !== 0 || load<f64>(q, 64) !== 0) continue
      const N = <i32>load<f64>(q, 8), row = <usize>(i * N)
      store<i32>(<usize>load<f64>(q, 48) + ((<usize>i) << 2), 1)
      const h = <usize>load<f64>(q, 16) + ((<usize>((n + 1) * N)) << 4), w = <usize>load<f64>(q, 32) + (row << 3), acc = <usize>load<f64>(q, 40) + (row << 4)
      if (load<f64>(q, 80) === 2) gatherT<u16>(N, h, <usize>load<f64>(q, 24) + (row << 1), w, acc)
      else gatherT<i32>(N, h, <usize>load<f64>(q, 24) + (row << 2), w, acc)
    }
    c--
  }
  store<f64>(pops + 8 * POP_CURSOR, <f64>c)
}

/**
 * Step n's spikes of one population (record r) in backwardPass: their neurons listed from the
 * tape (last first), every projection's gathers for all of them, then each spike's jump at its
 * crossing: λ_V there is (λ_V − s)/α^frac + s, Δ = (ϑ·λ_V + Σ w·(λ_V − λ_I)) / max(I − V, min),
 * less the regulariser's term, and λ_V += α^frac·Δ, λ_I += τm/(τm−τs)·(α^frac − β^frac)·Δ.
 */
function spikesBack(r: usize, p: i32, isOut: bool, n: i32, prjs: usize, X: i32, list: usize, revs: usize, drive: usize, minIMinusV: f64): void {
  const tSteps = <usize>load<f64>(r, 80), tNeurons = <usize>load<f64>(r, 88)
  const first = <i32>load<f64>(r + 8 * POP_CURSOR)
  let c = first, count = 0
  while (c >= 0 && load<i32>(tSteps + ((<usize>c) << 2)) === n) {
    store<i32>(list + ((<usize>count) << 2), load<i32>(tNeurons + ((<usize>c) << 2)))
    count++
    c--
  }
  if (count === 0) return
  store<f64>(r + 8 * POP_CURSOR, <f64>c)
  memory.fill(revs, 0, (<usize>count) << 3)
  for (let x = 0; x < X; x++) {
    const q = prjs + <usize>x * PRJ_BYTES
    if (<i32>load<f64>(q) !== p) continue
    const N = <i32>load<f64>(q, 8), touched = <usize>load<f64>(q, 48)
    for (let k = 0; k < count; k++) store<i32>(touched + ((<usize>load<i32>(list + ((<usize>k) << 2))) << 2), 1)
    const row = <usize>load<f64>(q, 16) + ((<usize>((n + 1) * N)) << 4)
    if (load<f64>(q, 56) !== 0) gatherListFlat(N, row, <usize>load<f64>(q, 32), <usize>load<f64>(q, 40), list, count, revs)
    else if (load<f64>(q, 80) === 2) gatherListT<u16>(N, row, <usize>load<f64>(q, 24), <usize>load<f64>(q, 32), <usize>load<f64>(q, 40), list, count, revs)
    else gatherListT<i32>(N, row, <usize>load<f64>(q, 24), <usize>load<f64>(q, 32), <usize>load<f64>(q, 40), list, count, revs)
  }
  if (load<f64>(r, 40) === 0) return
  const threshold = load<f64>(r, 32), lv = <usize>load<f64>(r, 48), li = <usize>load<f64>(r, 56), reg = <usize>load<f64>(r, 128)
  const tIMinusV = <usize>load<f64>(r, 96), tToV = <usize>load<f64>(r, 104), tToI = <usize>load<f64>(r, 112)
  for (let k = 0; k < count; k++) {
    const i = (<usize>load<i32>(list + ((<usize>k) << 2))) << 3, e = (<usize>(first - k)) << 3
    const s = isOut ? load<f64>(drive + i) : 0.0
    const af = load<f64>(tToV + e)
    const lvCross = s + (load<f64>(lv + i) - s) / af
    let delta = (threshold * lvCross + load<f64>(revs + ((<usize>k) << 3))) / max(load<f64>(tIMinusV + e), minIMinusV)
    if (reg) delta -= load<f64>(reg + i)
    store<f64>(lv + i, load<f64>(lv + i) + af * delta)
    store<f64>(li + i, load<f64>(li + i) + load<f64>(tToI + e) * delta)
  }
}

/**
 * Adam's step over n parameters at p with gradients g and moments m, v (β1 0.9, β2 0.999, ε 1e-8;
 * c1, c2: the bias corrections 1/(1 − β^t)), two at a time, then, with clamp, each parameter
 * clamped to [0, max] (delays): the operations of Adam.update in main/train/adam.ts, in its order,
 * so the two agree bit for bit. f64x2 min and max give NaN for NaN and +0 for max(0, −0), as
 * Math.min and Math.max do.
 */
export function adam(n: i32, p: usize, g: usize, m: usize, v: usize, lr: f64, c1: f64, c2: f64, clamp: bool, max: f64): void {
  const B1 = f64x2.splat(0.9), B2 = f64x2.splat(0.999), G1 = f64x2.splat(1 - 0.9), G2 = f64x2.splat(1 - 0.999)
  const LR = f64x2.splat(lr), C1 = f64x2.splat(c1), C2 = f64x2.splat(c2), EPS = f64x2.splat(1e-8), Z = f64x2.splat(0), MAX = f64x2.splat(max)
  let k = 0
  for (; k + 2 <= n; k += 2) {
    const o = (<usize>k) << 3
    const gk = v128.load(g + o)
    const mk = f64x2.add(f64x2.mul(B1, v128.load(m + o)), f64x2.mul(G1, gk))
    const vk = f64x2.add(f64x2.mul(B2, v128.load(v + o)), f64x2.mul(f64x2.mul(G2, gk), gk))
    v128.store(m + o, mk)
    v128.store(v + o, vk)
    const x = f64x2.sub(v128.load(p + o), f64x2.div(f64x2.mul(f64x2.mul(LR, mk), C1), f64x2.add(f64x2.sqrt(f64x2.mul(vk, C2)), EPS)))
    v128.store(p + o, clamp ? f64x2.min(MAX, f64x2.max(Z, x)) : x)
  }
  if (k < n) {
    const o = (<usize>k) << 3
    const gk = load<f64>(g + o)
    const mk = 0.9 * load<f64>(m + o) + (1 - 0.9) * gk
    const vk = 0.999 * load<f64>(v + o) + (1 - 0.999) * gk * gk
    store<f64>(m + o, mk)
    store<f64>(v + o, vk)
    const x = load<f64>(p + o) - (lr * mk * c1) / (Math.sqrt(vk * c2) + 1e-8)
    store<f64>(p + o, clamp ? min(max, Math.max(0, x)) : x)
  }
}
