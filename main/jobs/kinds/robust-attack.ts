/**
 * An attack sweep on a trained run (main/robust): its best checkpoint attacked on its dataset's
 * split at every ε, through the exact input gradients; analog attacks reach the input through the
 * dataset's latency encoder (Yin-Yang, the synthetic set), spike attacks move or delete spikes.
 * With baselines, the undefended linear and MLP classifiers (trained here on the training split)
 * and, on the synthetic set, the group-ℓ2 sparse coder over the generator's dictionary face the
 * same attack. The result, with its seed, stays in the notebook's job history.
 */
import { attackParams, syntheticParams, trainSettings, yinYangParams, type AttackCurve, type AttackExample } from '../../../preload/api'
import { dictionary } from '../../data/synthetic'
import { attack, attackSweep } from '../../robust/attacks'
import { type RobustModel, linearModel, mlpModel, snnModel, sparseModel, syntheticEncoder, yinYangEncoder } from '../../robust/models'
import { DEFAULT_FISTA, dictionaryFrom } from '../../robust/sparse'
import { spikeAttack, spikeNetModel, spikeSweep } from '../../robust/spike-attacks'
import { compile } from '../../snn/model'
import type { JobDefinition } from './types'

type Params = ReturnType<typeof attackParams.parse>

const ANALOG = ['fgsm', 'ifgsm', 'pgd', 'noise']

export const robustAttack: JobDefinition<Params> = {
  parse: (p) => attackParams.parse(p),
  title: (p) => `Attack ${p.runId !== undefined ? `run ${p.runId}` : `baselines on dataset ${p.datasetId}`}: ${p.attack} at ε ${p.eps.join(', ')}`,
  run(p, ctx) {
    const { store } = ctx
    const run = p.runId !== undefined ? store.runs.get(p.runId) : null
    const datasetId = run ? run.datasetId : p.datasetId!
    if (datasetId === null) throw new Error(`run ${p.runId} has no dataset to attack on`)
    const d = store.datasets.get(datasetId)
    const plan = run ? compile(trainSettings.parse(store.runs.settings(run.id)).network) : null
    const ckpt = run ? store.runs.checkpoint(run.id, 'best') ?? store.runs.checkpoint(run.id, 'latest') : null
    if (run && !ckpt) throw new Error(`run ${p.runId} has no checkpoint yet`)
    const size = d.splits[p.split] ?? 0
    const n = Math.min(size, p.limit ?? size)
    if (n === 0) throw new Error(`dataset ${d.id} has no ${p.split} samples`)
    const curves: AttackCurve[] = []
    const examples: AttackExample[] = []
    const top = Math.max(...p.eps)
    let done = 0
    if (ANALOG.includes(p.attack)) {
      const encoder = d.kind === 'yinyang' ? yinYangEncoder(yinYangParams.parse(d.params).encoding) : d.kind === 'synthetic' ? syntheticEncoder(syntheticParams.parse(d.params)) : null
      if (!encoder) throw new Error(`the ${p.attack} attack perturbs analog inputs, and dataset ${d.id} (${d.kind}) has spikes only: use shift or delete`)
      const samples = store.datasets.features(d.id, p.split, 0, n).map((s) => ({ x: s.x!, label: s.label }))
      const models: RobustModel[] = plan && ckpt ? [snnModel(`run ${p.runId}`, plan, ckpt.params, encoder)] : []
      if (p.baselines || !run) {
        const train = store.datasets.features(d.id, 'train', 0, Math.min(d.splits.train ?? 0, 5000)).map((s) => ({ x: s.x!, label: s.label }))
        ctx.progress(0, 'training the baselines')
        models.push(linearModel(train, d.numClasses, p.seed), mlpModel(train, d.numClasses, 64, p.seed))
        if (d.kind === 'synthetic') {
          const sp = syntheticParams.parse(d.params)
          models.push(sparseModel(dictionaryFrom(dictionary(sp), sp.atomsPerGroup), { ...DEFAULT_FISTA, lambda: 0.05, tol: 1e-6, maxIter: 500 }))
        }
      }
      for (const [k, sm] of samples.slice(0, 6).entries()) {
        const a = attack(models[0]!, sm.x, sm.label, { kind: p.attack as 'fgsm', norm: p.norm, steps: p.steps, lo: encoder.lo, hi: encoder.hi, eps: top, seed: p.seed + k })
        examples.push({ kind: 'analog', label: sm.label, x: Array.from(sm.x), adversarial: Array.from(a.x), clean: models[0]!.predict(sm.x), attacked: a.prediction })
      }
      const total = models.length * samples.length * p.eps.length
      for (const m of models) {
        ctx.cancel.throwIfCancelled()
        curves.push({ model: m.name, points: attackSweep(m, samples, p.eps, { kind: p.attack as 'fgsm', norm: p.norm, steps: p.steps, lo: encoder.lo, hi: encoder.hi, seed: p.seed }, () => {
          ctx.cancel.throwIfCancelled()
          ctx.progress(++done / total, `${m.name}: ${done} of ${total} attacks`)
        }) })
      }
    } else {
      if (!plan || !ckpt) throw new Error('spike attacks need a trained run')
      const samples = store.datasets.samplesRange(d.id, p.split, 0, n)
      const model = spikeNetModel(plan, ckpt.params)
      const shift = p.attack.startsWith('shift'), random = p.attack.endsWith('random')
      if (!shift && p.eps.some((e) => e > 1)) throw new Error('delete: ε is the fraction of spikes removed, at most 1')
      const total = samples.length * p.eps.length
      const pts = spikeSweep(model, samples, p.eps, (e) => (shift ? { kind: 'shift', eps: e, steps: p.steps, random } : { kind: 'delete', fraction: e, random }), plan.spec.steps * plan.spec.dt, p.seed, () => {
        ctx.cancel.throwIfCancelled()
        ctx.progress(++done / total, `${done} of ${total} attacks`)
      })
      const make = (e: number) => (shift ? { kind: 'shift' as const, eps: e, steps: p.steps, random } : { kind: 'delete' as const, fraction: e, random })
      for (const [k, sm] of samples.slice(0, 2).entries()) {
        const a = spikeAttack(model, sm, make(top), p.seed + k, plan.spec.steps * plan.spec.dt)
        examples.push({ kind: 'spikes', label: sm.label, times: Array.from(sm.times), units: Array.from(sm.units), attackedTimes: Array.from(a.sample.times), attackedUnits: Array.from(a.sample.units), clean: model.predict(sm), attacked: model.predict(a.sample) })
      }
      curves.push({ model: `run ${p.runId}`, points: pts.map((x) => ({ eps: x.size, accuracy: x.accuracy, meanPerturbation: x.meanChange, success: x.success })) })
    }
    return { runId: p.runId ?? null, datasetId: d.id, split: p.split, attack: p.attack, norm: p.norm, samples: n, seed: p.seed, curves, examples, classNames: d.classNames, eps: top }
  }
}
