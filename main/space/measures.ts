/**
 * Graph measures of a trained network's recurrent weights, after arXiv 2511.01632 §C.4
 * (research/algorithms.md). A graph is N neurons and a row-major N×N matrix W[i·N + j] of the
 * synapse i → j; measures use |W|. No I/O: typed arrays in, numbers out.
 */

export interface Graph {
  n: number
  /** |w| of i → j at [i·n + j]. */
  w: Float64Array
}

export function absGraph(n: number, weights: ArrayLike<number>): Graph {
  if (weights.length !== n * n) throw new Error(`expected ${n}×${n} weights, got ${weights.length}`)
  return { n, w: Float64Array.from(weights, Math.abs) }
}

/** Wiring cost Σ_ij |w_ij|·d_ij. */
export function wiringCost(g: Graph, d: Float64Array): number {
  let s = 0
  for (let k = 0; k < g.w.length; k++) s += g.w[k]! * d[k]!
  return s
}

/**
 * Wiring efficiency 1 − (C − C_min)/(C_max − C_min), where C is the wiring cost and C_min, C_max
 * its bounds over every way of assigning these weights to these lengths (the rearrangement
 * inequality: largest weights on the shortest lengths give the minimum). 1: the cheapest possible
 * wiring of these weights, 0: the dearest. NaN-free: equal bounds (all lengths or weights equal) give 1.
 */
export function wiringEfficiency(g: Graph, d: Float64Array): number {
  const ws = Float64Array.from(g.w).sort(), ds = Float64Array.from(d).sort()
  let min = 0, max = 0
  const m = ws.length
  for (let k = 0; k < m; k++) {
    max += ws[k]! * ds[k]!
    min += ws[k]! * ds[m - 1 - k]!
  }
  if (!(max > min)) return 1
  return 1 - (wiringCost(g, d) - min) / (max - min)
}

/**
 * Directed weighted modularity of a partition (Leicht & Newman 2008; networkx's `modularity` on a
 * DiGraph): Q = (1/m) Σ_ij [w_ij − γ·k_i^out·k_j^in / m]·δ(c_i, c_j), m = Σ w, self-loops included.
 */
export function modularity(g: Graph, community: ArrayLike<number>, resolution = 1): number {
  const { n, w } = g
  const out = new Float64Array(n), inn = new Float64Array(n)
  let m = 0
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const x = w[i * n + j]!
      out[i]! += x
      inn[j]! += x
      m += x
    }
  if (!(m > 0)) return 0
  const c = Array.from(community)
  const groups = new Map<number, { out: number; in: number; inside: number }>()
  for (let i = 0; i < n; i++) {
    const s = groups.get(c[i]!) ?? { out: 0, in: 0, inside: 0 }
    s.out += out[i]!
    s.in += inn[i]!
    groups.set(c[i]!, s)
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (c[i] === c[j]) groups.get(c[i]!)!.inside += w[i * n + j]!
  let q = 0
  for (const s of groups.values()) q += s.inside / m - (resolution * s.out * s.in) / (m * m)
  return q
}

/**
 * Weighted directed clustering of each neuron (Fagiolo 2007; BCT `clustering_coef_wd`, networkx
 * `clustering` on a weighted DiGraph): weights scaled by the largest, Ŵ = (w/max)^{1/3},
 * S = Ŵ + Ŵᵀ, C_i = (S³)_ii / 2 / (k_i(k_i − 1) − 2·(A²)_ii) with k_i the total degree and A the
 * binary adjacency. Self-loops are ignored (as networkx does). A neuron with k_i < 2 has C_i = 0.
 */
export function clustering(g: Graph): Float64Array {
  const { n } = g
  const { w, top } = withoutLoops(g)
  const s = new Float64Array(n * n)
  const k = new Float64Array(n), recip = new Float64Array(n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const a = w[i * n + j]!, b = w[j * n + i]!
      s[i * n + j] = (top > 0 ? Math.cbrt(a / top) : 0) + (top > 0 ? Math.cbrt(b / top) : 0)
      if (a > 0) k[i]!++
      if (b > 0) k[i]!++
      if (a > 0 && b > 0) recip[i]!++
    }
  // (S³)_ii = Σ_j S_ij Σ_h S_jh S_hi: S is symmetric, so S_hi = S_ih and both inner factors are
  // rows, read in order (a column walk here made 1024 neurons 3× slower)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let t = 0
    const ri = i * n
    for (let j = 0; j < n; j++) {
      const sij = s[ri + j]!
      if (sij === 0) continue
      const rj = j * n
      let dot = 0
      for (let h = 0; h < n; h++) dot += s[rj + h]! * s[ri + h]!
      t += sij * dot
    }
    const den = k[i]! * (k[i]! - 1) - 2 * recip[i]!
    out[i] = den > 0 ? t / 2 / den : 0
  }
  return out
}

/**
 * Weighted global efficiency (BCT `efficiency_wei`): the mean over ordered pairs i ≠ j of
 * 1/ℓ_ij, where ℓ is the shortest-path length with edge lengths 1/(w/max w) (Dijkstra). Unreachable
 * pairs add 0. Self-loops are ignored.
 */
export function globalEfficiency(g: Graph): number {
  const { n } = g
  const { w, top } = withoutLoops(g)
  if (!(top > 0) || n < 2) return 0
  const dist = new Float64Array(n), done = new Uint8Array(n)
  let sum = 0
  for (let src = 0; src < n; src++) {
    dist.fill(Infinity)
    done.fill(0)
    dist[src] = 0
    // dense Dijkstra: O(n²) per source, the right shape for dense recurrent matrices
    for (let it = 0; it < n; it++) {
      let u = -1, best = Infinity
      for (let v = 0; v < n; v++) if (!done[v] && dist[v]! < best) { best = dist[v]!; u = v }
      if (u < 0) break
      done[u] = 1
      for (let v = 0; v < n; v++) {
        const x = w[u * n + v]!
        if (x > 0 && !done[v]) {
          const alt = best + top / x
          if (alt < dist[v]!) dist[v] = alt
        }
      }
    }
    for (let v = 0; v < n; v++) if (v !== src && dist[v]! < Infinity) sum += 1 / dist[v]!
  }
  return sum / (n * (n - 1))
}

/** The weights with self-loops removed, and the largest of them. */
function withoutLoops(g: Graph): { w: Float64Array; top: number } {
  const w = Float64Array.from(g.w)
  for (let i = 0; i < g.n; i++) w[i * g.n + i] = 0
  let top = 0
  for (const x of w) if (x > top) top = x
  return { w, top }
}

export function mean(a: ArrayLike<number>): number {
  let s = 0
  for (let k = 0; k < a.length; k++) s += a[k]!
  return a.length ? s / a.length : 0
}
