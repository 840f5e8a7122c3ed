/**
 * Adam (§B.5: β1 0.9, β2 0.999, ε 1e-8, bias-corrected) with one learning rate per kind of
 * parameter, the papers' ease-in (the rate starts at 1% and grows ×1.05 per batch until it
 * reaches its target, which takes 94.4 batches), an optional schedule factor on every rate
 * (`scale`, set by the trainer each epoch), and delays clamped to [0, maxDelay] after each step.
 *
 * `easeInBatches` shortens the ease-in (the same 100× growth over fewer batches): the trainer
 * caps it at one epoch. On SHD at batch 256 an epoch is 32 batches and the papers' ease-in spans
 * three epochs; on a few hundred samples at batch 32 it spans seven or more, during which
 * nothing is learned.
 */
import type { AdamKernel } from '../snn/cpu/wasm-kernels'
import type { ParamKind, Plan } from '../snn/model'

/** Batches the papers' ease-in takes: 1% of the rate grows ×1.05 per batch to 100%. */
export const EASE_IN_BATCHES = Math.log(100) / Math.log(1.05)

export type LearningRates = Record<'weight' | 'delay' | 'position', number>

export interface AdamState {
  step: number
  m: Float64Array
  v: Float64Array
}

export class Adam {
  readonly state: AdamState
  /** Multiplies every target rate (a learning-rate schedule's current factor). */
  scale = 1

  /**
   * With `kernel`, the moments are its arrays (a given state's copied in), and update runs as
   * WebAssembly whenever it is handed the kernel's own parameters and gradients (2.6× faster on
   * the SHD-size network's 0.49 M parameters: 0.86 against 2.2 ms, the same numbers bit for bit).
   */
  constructor(
    private readonly plan: Plan,
    private readonly lr: LearningRates,
    private readonly easeIn = true,
    state?: AdamState,
    private readonly easeInBatches = EASE_IN_BATCHES,
    private readonly kernel: AdamKernel | null = null
  ) {
    if (kernel) {
      if (state) {
        kernel.m.set(state.m)
        kernel.v.set(state.v)
      }
      this.state = { step: state?.step ?? 0, m: kernel.m, v: kernel.v }
    } else this.state = state ?? { step: 0, m: new Float64Array(plan.paramCount), v: new Float64Array(plan.paramCount) }
  }

  /** The rate a kind gets at the current step. */
  rate(kind: ParamKind): number {
    const target = kind === 'fixed-delay' || kind === 'sign' ? 0 : this.lr[kind] * this.scale
    if (!this.easeIn) return target
    // the papers' ×1.05 per batch exactly, unless an epoch is shorter than its 94.4 batches
    const growth = this.easeInBatches >= EASE_IN_BATCHES ? Math.pow(1.05, this.state.step) : Math.pow(100, this.state.step / this.easeInBatches)
    return Math.min(target, target * 0.01 * growth)
  }

  update(params: Float64Array, grad: Float64Array): void {
    const b1 = 0.9, b2 = 0.999, eps = 1e-8
    const { m, v } = this.state
    const t = this.state.step + 1
    const c1 = 1 / (1 - Math.pow(b1, t)), c2 = 1 / (1 - Math.pow(b2, t))
    const max = this.plan.spec.maxDelay
    const k = this.kernel && params === this.kernel.params && grad === this.kernel.grad && m === this.kernel.m && v === this.kernel.v ? this.kernel : null
    for (const g of this.plan.groups) {
      const lr = this.rate(g.kind)
      if (lr === 0) continue
      if (k) {
        k.step(g.offset, g.length, lr, c1, c2, g.kind === 'delay', max)
        continue
      }
      const end = g.offset + g.length
      for (let k = g.offset; k < end; k++) {
        const gk = grad[k]!
        const mk = b1 * m[k]! + (1 - b1) * gk
        const vk = b2 * v[k]! + (1 - b2) * gk * gk
        m[k] = mk
        v[k] = vk
        params[k]! -= (lr * mk * c1) / (Math.sqrt(vk * c2) + eps)
      }
      if (g.kind === 'delay') for (let k = g.offset; k < end; k++) params[k] = Math.min(max, Math.max(0, params[k]!))
    }
    this.state.step = t
  }
}
