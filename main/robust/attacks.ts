/**
 * Attacks on analog inputs, over any model with an input gradient (models.ts), each seeded:
 * FGSM, iterative FGSM and PGD (random start) under L∞ or L2 budgets ε, kept inside the input's
 * domain; and random noise of the same size, so what the gradient adds over chance shows. No I/O.
 */
import { Rng } from '../util/rng'
import type { RobustModel } from './models'

export type Norm = 'linf' | 'l2'
export type AttackKind = 'fgsm' | 'ifgsm' | 'pgd' | 'noise'
export interface AttackOptions { kind: AttackKind; norm: Norm; eps: number; steps: number; lo: number; hi: number; seed: number }

const clip = (x: Float64Array, lo: number, hi: number): Float64Array => x.map((v) => Math.min(hi, Math.max(lo, v)))

/** Projection of x onto the ε-ball around x0 (and the domain). */
function project(x: Float64Array, x0: Float64Array, o: AttackOptions): Float64Array {
  let d = x.map((v, i) => v - x0[i]!)
  if (o.norm === 'linf') d = d.map((v) => Math.min(o.eps, Math.max(-o.eps, v)))
  else {
    const n = Math.hypot(...d)
    if (n > o.eps) d = d.map((v) => (v * o.eps) / n)
  }
  return clip(d.map((v, i) => x0[i]! + v), o.lo, o.hi)
}

/** A step of size a along the gradient: its sign (L∞) or its direction (L2). */
function step(g: Float64Array, a: number, norm: Norm): Float64Array {
  if (norm === 'linf') return g.map((v) => a * Math.sign(v))
  const n = Math.hypot(...g)
  return n > 0 ? g.map((v) => (a * v) / n) : new Float64Array(g.length)
}

export function attack(model: RobustModel, x0: Float64Array, label: number, o: AttackOptions): { x: Float64Array; perturbation: number; prediction: number } {
  const rng = new Rng(o.seed)
  let x: Float64Array = Float64Array.from(x0)
  if (o.eps > 0) {
    if (o.kind === 'noise') {
      const r = o.norm === 'linf' ? x0.map(() => (rng.uniform() < 0.5 ? -o.eps : o.eps)) : step(x0.map(() => rng.normal()), o.eps, 'l2')
      x = project(x0.map((v, i) => v + r[i]!), x0, o)
    } else if (o.kind === 'fgsm') x = project(x0.map((v, i) => v + step(model.lossGrad(x0, label).grad, o.eps, o.norm)[i]!), x0, o)
    else {
      if (o.kind === 'pgd') {
        const r = o.norm === 'linf' ? x0.map(() => (2 * rng.uniform() - 1) * o.eps) : step(x0.map(() => rng.normal()), o.eps * rng.uniform(), 'l2')
        x = project(x0.map((v, i) => v + r[i]!), x0, o)
      }
      const a = (2.5 * o.eps) / o.steps
      for (let s = 0; s < o.steps; s++) {
        const g = model.lossGrad(x, label).grad
        const st = step(g, a, o.norm)
        x = project(x.map((v, i) => v + st[i]!), x0, o)
      }
    }
  }
  const d = x.map((v, i) => v - x0[i]!)
  return { x, perturbation: o.norm === 'linf' ? Math.max(0, ...d.map(Math.abs)) : Math.hypot(...d), prediction: model.predict(x) }
}

export interface SweepPoint { eps: number; accuracy: number; meanPerturbation: number; success: number }

/** Accuracy of a model under an attack at each ε, the perturbation actually used, and how often a right answer was flipped. */
export function attackSweep(model: RobustModel, samples: { x: Float64Array; label: number }[], eps: number[], o: Omit<AttackOptions, 'eps'>, onSample?: () => void): SweepPoint[] {
  const clean = samples.map((s) => model.predict(s.x) === s.label)
  return eps.map((e) => {
    let correct = 0, flipped = 0, used = 0
    samples.forEach((s, k) => {
      const r = attack(model, s.x, s.label, { ...o, eps: e, seed: o.seed + k })
      if (r.prediction === s.label) correct++
      else if (clean[k]) flipped++
      used += r.perturbation
      onSample?.()
    })
    const right = clean.filter(Boolean).length
    return { eps: e, accuracy: correct / samples.length, meanPerturbation: used / samples.length, success: right ? flipped / right : 0 }
  })
}
