/**
 * Functional specialisation (arXiv 2511.01632 §C.4): how well a neuron's input weights predict
 * where it sits. Ridge regression (α = 1, intercept not penalised, as sklearn's Ridge) from each
 * hidden neuron's input-weight column (its receptive field over the input channels) to each
 * coordinate of its position; R² in-sample per axis and their mean. With more channels than
 * neurons the dual form is solved: β = Xᵀ(XXᵀ + αI)⁻¹y on centred data (an n×n system).
 */

/** x: n rows of p features (row-major); y: n positions of `dims` coordinates (row-major). */
export function ridgeR2(x: Float64Array, n: number, p: number, y: Float64Array, dims: number, alpha = 1): { perAxis: number[]; mean: number } {
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
  const perAxis: number[] = []
  for (let d = 0; d < dims; d++) {
    const yc = new Float64Array(n)
    let m = 0
    for (let i = 0; i < n; i++) m += y[i * dims + d]!
    m /= n
    for (let i = 0; i < n; i++) yc[i] = y[i * dims + d]! - m
    const a = solve(L, n, yc)
    // fitted values: X·β = XXᵀ·a = (K − αI)·a
    let ssRes = 0, ssTot = 0
    for (let i = 0; i < n; i++) {
      let fit = -alpha * a[i]!
      for (let j = 0; j < n; j++) fit += K[i * n + j]! * a[j]!
      ssRes += (yc[i]! - fit) ** 2
      ssTot += yc[i]! ** 2
    }
    perAxis.push(ssTot > 0 ? 1 - ssRes / ssTot : 0)
  }
  return { perAxis, mean: perAxis.reduce((s, v) => s + v, 0) / Math.max(1, dims) }
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
