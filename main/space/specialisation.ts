/**
 * Functional specialisation (arXiv 2511.01632 §C.4): how well a neuron's input weights predict
 * where it sits. Ridge regression (α = 1, intercept not penalised, as sklearn's Ridge) from each
 * hidden neuron's input-weight column (its receptive field over the input channels) to each
 * coordinate of its position; R² in-sample per axis and their mean. With more channels than
 * neurons the dual form is solved: β = Xᵀ(XXᵀ + αI)⁻¹y on centred data (an n×n system).
 *
 * The in-sample R² is the paper's, but with 700 channels and 128 neurons it only measures the
 * weights' scale against α (large weights interpolate any positions: R² → 1). So a held-out R² is
 * given beside it: leave-one-out, each neuron's position predicted by the fit to all the others,
 * exactly and without refitting: e_i/(1 − H_ii) with the hat matrix H = 11ᵀ/n + I − α(XXᵀ + αI)⁻¹.
 */

/** x: n rows of p features (row-major); y: n positions of `dims` coordinates (row-major). */
export interface RidgeR2 {
  perAxis: number[]
  mean: number
  /** Leave-one-out R² per axis and their mean (can be negative: worse than predicting the mean). */
  heldOutPerAxis: number[]
  heldOut: number
}

export function ridgeR2(x: Float64Array, n: number, p: number, y: Float64Array, dims: number, alpha = 1): RidgeR2 {
  if (x.length !== n * p || y.length !== n * dims) throw new Error('ridge: shapes do not match')
  // centre the features
  const xc = Float64Array.from(x)
  for (let f = 0; f < p; f++) {
    let m = 0
    for (let i = 0; i < n; i++) m += x[i * p + f]!
    m /= n
    for (let i = 0; i < n; i++) xc[i * p + f]! -= m
  }
  // K = XXᵀ + αI, factorised once (Cholesky)
  const K = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0
      for (let f = 0; f < p; f++) s += xc[i * p + f]! * xc[j * p + f]!
      K[i * n + j] = K[j * n + i] = s
    }
  for (let i = 0; i < n; i++) K[i * n + i]! += alpha
  const L = cholesky(K, n)
  // 1 − H_ii = α·(K⁻¹)_ii − 1/n, with (K⁻¹)_ii = Σ_k (L⁻¹)_ki²
  const leave = new Float64Array(n)
  const inv = lowerInverse(L, n)
  for (let i = 0; i < n; i++) {
    let d = 0
    for (let k = i; k < n; k++) d += inv[k * n + i]! ** 2
    leave[i] = alpha * d - 1 / n
  }
  const perAxis: number[] = [], heldOutPerAxis: number[] = []
  for (let d = 0; d < dims; d++) {
    const yc = new Float64Array(n)
    let m = 0
    for (let i = 0; i < n; i++) m += y[i * dims + d]!
    m /= n
    for (let i = 0; i < n; i++) yc[i] = y[i * dims + d]! - m
    const a = solve(L, n, yc)
    // fitted values: X·β = XXᵀ·a = (K − αI)·a
    let ssRes = 0, ssTot = 0, ssLoo = 0
    for (let i = 0; i < n; i++) {
      let fit = -alpha * a[i]!
      for (let j = 0; j < n; j++) fit += K[i * n + j]! * a[j]!
      ssRes += (yc[i]! - fit) ** 2
      ssLoo += ((yc[i]! - fit) / leave[i]!) ** 2
      ssTot += yc[i]! ** 2
    }
    perAxis.push(ssTot > 0 ? 1 - ssRes / ssTot : 0)
    heldOutPerAxis.push(ssTot > 0 && n > 2 ? 1 - ssLoo / ssTot : 0)
  }
  const avg = (v: number[]): number => v.reduce((s, x) => s + x, 0) / Math.max(1, dims)
  return { perAxis, mean: avg(perAxis), heldOutPerAxis, heldOut: avg(heldOutPerAxis) }
}

/** L⁻¹ of a lower-triangular L (row-major), column by column. */
function lowerInverse(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n)
  for (let c = 0; c < n; c++) {
    inv[c * n + c] = 1 / l[c * n + c]!
    for (let i = c + 1; i < n; i++) {
      let s = 0
      for (let k = c; k < i; k++) s -= l[i * n + k]! * inv[k * n + c]!
      inv[i * n + c] = s / l[i * n + i]!
    }
  }
  return inv
}

function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!
      if (i === j) {
        if (!(s > 0)) throw new Error('ridge: the system is not positive definite')
        l[i * n + i] = Math.sqrt(s)
      } else l[i * n + j] = s / l[j * n + j]!
    }
  return l
}

function solve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const z = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = b[i]!
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * z[k]!
    z[i] = s / l[i * n + i]!
  }
  const x = new Float64Array(n)
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!
    x[i] = s / l[i * n + i]!
  }
  return x
}
