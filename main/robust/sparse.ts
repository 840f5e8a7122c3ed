/**
 * Group-sparse coding (research/algorithms.md §E, arXiv 2205.08955): codes z of an input x over a
 * dictionary D (dims × atoms, atoms in groups) minimise ½‖x − Dz‖² + Σ_g λ_g‖z_g‖₂, solved by FISTA
 * with group soft-thresholding; classified by the ℓ2 norms of the groups (argmax) or by a linear
 * readout. The input gradient goes through the solution by implicit differentiation of its
 * optimality condition on the active groups (stated: not unrolled). No I/O.
 */

export interface Dictionary {
  dims: number
  /** Atoms as columns: D[i·atoms + a]. */
  D: Float64Array
  atoms: number
  /** Group of each atom (0 … groups − 1). */
  group: Int32Array
  groups: number
}

export interface FistaOptions { lambda: number | Float64Array; tol: number; maxIter: number }

export const DEFAULT_FISTA: FistaOptions = { lambda: 0.1, tol: 1e-8, maxIter: 2000 }

export function dictionaryFrom(atoms: Float64Array[], atomsPerGroup: number): Dictionary {
  const dims = atoms[0]!.length, n = atoms.length
  const D = new Float64Array(dims * n)
  atoms.forEach((a, k) => { for (let i = 0; i < dims; i++) D[i * n + k] = a[i]! })
  return { dims, D, atoms: n, group: Int32Array.from({ length: n }, (_, k) => Math.floor(k / atomsPerGroup)), groups: Math.ceil(n / atomsPerGroup) }
}

const lambdaOf = (o: FistaOptions, g: number): number => (typeof o.lambda === 'number' ? o.lambda : o.lambda[g]!)

/** The Lipschitz constant of ∇½‖x − Dz‖², ‖DᵀD‖₂, by power iteration. */
export function lipschitz(d: Dictionary): number {
  let v: Float64Array = new Float64Array(d.atoms).fill(1 / Math.sqrt(d.atoms)), s = 0
  for (let it = 0; it < 100; it++) {
    const w = dtd(d, v)
    s = Math.hypot(...w)
    v = w.map((x) => x / (s || 1))
  }
  return s
}

function dz(d: Dictionary, z: Float64Array): Float64Array {
  const out = new Float64Array(d.dims)
  for (let i = 0; i < d.dims; i++) { let s = 0; for (let k = 0; k < d.atoms; k++) s += d.D[i * d.atoms + k]! * z[k]!; out[i] = s }
  return out
}
function dtx(d: Dictionary, x: Float64Array): Float64Array {
  const out = new Float64Array(d.atoms)
  for (let i = 0; i < d.dims; i++) { const xi = x[i]!; if (xi === 0) continue; for (let k = 0; k < d.atoms; k++) out[k]! += d.D[i * d.atoms + k]! * xi }
  return out
}
const dtd = (d: Dictionary, z: Float64Array): Float64Array => dtx(d, dz(d, z))

/** FISTA for the group lasso; `warm` starts from a previous code. */
export function fista(d: Dictionary, x: Float64Array, o: FistaOptions = DEFAULT_FISTA, L = lipschitz(d), warm?: Float64Array): { z: Float64Array; iterations: number } {
  let z: Float64Array = warm ? Float64Array.from(warm) : new Float64Array(d.atoms)
  let y: Float64Array = Float64Array.from(z), t = 1
  const dtX = dtx(d, x)
  let it = 0
  for (; it < o.maxIter; it++) {
    const grad = dtd(d, y).map((v, k) => v - dtX[k]!)
    const u = y.map((v, k) => v - grad[k]! / L)
    const next = groupShrink(d, u, (g) => lambdaOf(o, g) / L)
    const tn = (1 + Math.sqrt(1 + 4 * t * t)) / 2
    let change = 0, size = 0
    for (let k = 0; k < d.atoms; k++) { change += (next[k]! - z[k]!) ** 2; size += next[k]! ** 2 }
    y = next.map((v, k) => v + ((t - 1) / tn) * (v - z[k]!))
    z = next
    t = tn
    if (change <= o.tol * o.tol * Math.max(1, size)) { it++; break }
  }
  return { z, iterations: it }
}

/** Group soft-thresholding: z_g ← max(0, 1 − τ_g/‖u_g‖)·u_g. */
export function groupShrink(d: Dictionary, u: Float64Array, tau: (g: number) => number): Float64Array {
  const norms = groupNorms(d, u)
  return u.map((v, k) => {
    const n = norms[d.group[k]!]!, th = tau(d.group[k]!)
    return n > th ? (1 - th / n) * v : 0
  })
}

export function groupNorms(d: Dictionary, z: Float64Array): Float64Array {
  const s = new Float64Array(d.groups)
  for (let k = 0; k < d.atoms; k++) s[d.group[k]!]! += z[k]! ** 2
  return s.map(Math.sqrt)
}

/**
 * The worst violation of the group lasso's optimality conditions at z, relative to λ: for an
 * active group D_gᵀ(x − Dz) = λ_g z_g/‖z_g‖; for an inactive one ‖D_gᵀ(x − Dz)‖ ≤ λ_g.
 */
export function optimality(d: Dictionary, x: Float64Array, z: Float64Array, o: FistaOptions): number {
  const r = dtx(d, dz(d, z).map((v, i) => x[i]! - v))
  const norms = groupNorms(d, z)
  let worst = 0
  for (let g = 0; g < d.groups; g++) {
    const lam = lambdaOf(o, g)
    const idx = [...d.group.keys()].filter((k) => d.group[k] === g)
    if (norms[g]! > 0) for (const k of idx) worst = Math.max(worst, Math.abs(r[k]! - (lam * z[k]!) / norms[g]!) / lam)
    else worst = Math.max(worst, Math.hypot(...idx.map((k) => r[k]!)) / lam - 1)
  }
  return worst
}

/**
 * ∂L/∂x through the code, given ∂L/∂z at the solution: on the active atoms A, the optimality
 * condition D_Aᵀ(Dz − x) + λ·z_g/‖z_g‖ = 0 differentiates to (D_AᵀD_A + H)·dz_A = D_Aᵀ·dx, with H
 * block-diagonal, λ_g(I − ẑ_gẑ_gᵀ)/‖z_g‖; so ∂L/∂x = D_A·(D_AᵀD_A + H)⁻¹·∂L/∂z_A.
 */
export function inputGradient(d: Dictionary, z: Float64Array, dLdz: Float64Array, o: FistaOptions): Float64Array {
  const norms = groupNorms(d, z)
  const A = [...Array(d.atoms).keys()].filter((k) => norms[d.group[k]!]! > 0)
  const m = A.length
  if (m === 0) return new Float64Array(d.dims)
  const M = new Float64Array(m * m)
  for (let a = 0; a < m; a++)
    for (let b = 0; b < m; b++) {
      let s = 0
      for (let i = 0; i < d.dims; i++) s += d.D[i * d.atoms + A[a]!]! * d.D[i * d.atoms + A[b]!]!
      const ga = d.group[A[a]!]!, gb = d.group[A[b]!]!
      if (ga === gb) {
        const n = norms[ga]!, lam = lambdaOf(o, ga)
        s += (lam / n) * ((a === b ? 1 : 0) - (z[A[a]!]! * z[A[b]!]!) / (n * n))
      }
      M[a * m + b] = s
    }
  // where the active atoms are dependent (more of them than input dimensions) M is singular along
  // directions the code cannot move in: a vanishing ridge picks the least-norm solution there
  let trace = 0
  for (let a = 0; a < m; a++) trace += M[a * m + a]!
  for (let a = 0; a < m; a++) M[a * m + a]! += 1e-10 * (trace / m || 1)
  const v = solve(M, m, Float64Array.from(A, (k) => dLdz[k]!))
  const out = new Float64Array(d.dims)
  for (let i = 0; i < d.dims; i++) { let s = 0; for (let a = 0; a < m; a++) s += d.D[i * d.atoms + A[a]!]! * v[a]!; out[i] = s }
  return out
}

/** Gaussian elimination with partial pivoting (M is small: the active atoms). */
function solve(M: Float64Array, n: number, b: Float64Array): Float64Array {
  const a = Float64Array.from(M), x = Float64Array.from(b)
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[p * n + c]!)) p = r
    if (p !== c) { for (let k = 0; k < n; k++) [a[c * n + k], a[p * n + k]] = [a[p * n + k]!, a[c * n + k]!]; [x[c], x[p]] = [x[p]!, x[c]!] }
    const piv = a[c * n + c]!
    if (Math.abs(piv) < 1e-300) throw new Error('sparse coding: the optimality system is singular')
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c]! / piv
      if (f === 0) continue
      for (let k = c; k < n; k++) a[r * n + k]! -= f * a[c * n + k]!
      x[r]! -= f * x[c]!
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r]!
    for (let k = r + 1; k < n; k++) s -= a[r * n + k]! * x[k]!
    x[r] = s / a[r * n + r]!
  }
  return x
}

/** Softmax cross-entropy of scores s (scaled group norms, or a readout) and its gradient. */
export function crossEntropy(s: Float64Array, label: number): { loss: number; grad: Float64Array; prediction: number } {
  let m = -Infinity, pred = 0
  s.forEach((v, k) => { if (v > m) { m = v; pred = k } })
  const e = s.map((v) => Math.exp(v - m)), z = e.reduce((a, b) => a + b, 0)
  const p = e.map((v) => v / z)
  return { loss: -Math.log(p[label]!), grad: p.map((v, k) => v - (k === label ? 1 : 0)), prediction: pred }
}
