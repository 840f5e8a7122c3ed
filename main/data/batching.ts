/**
 * The order samples are visited in: a seeded shuffle, or stratified by class (every batch holds
 * the classes in about their dataset proportions: classes are shuffled separately and dealt out
 * in turn). Works on indices only; the training job reads the samples of each batch from SQLite.
 */
import type { Rng } from '../util/rng'

export function shuffle<T>(a: T[], rng: Rng): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = a[i]!
    a[i] = a[j]!
    a[j] = t
  }
  return a
}

export function epochOrder(labels: ArrayLike<number>, stratified: boolean, rng: Rng): number[] {
  const n = labels.length
  if (!stratified) return shuffle(Array.from({ length: n }, (_, i) => i), rng)
  const byClass = new Map<number, number[]>()
  for (let i = 0; i < n; i++) byClass.set(labels[i]!, [...(byClass.get(labels[i]!) ?? []), i])
  const queues = [...byClass.values()].map((q) => shuffle(q, rng))
  // deal by "due time": class c with n_c samples puts its k-th sample at position (k + u)/n_c
  const keyed: [number, number][] = []
  for (const q of queues) {
    const u = rng.uniform()
    q.forEach((idx, k) => keyed.push([(k + u) / q.length, idx]))
  }
  keyed.sort((a, b) => a[0] - b[0])
  return keyed.map((k) => k[1])
}
