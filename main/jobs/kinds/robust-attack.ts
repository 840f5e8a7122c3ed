/**
 * An attack sweep on a trained run (main/robust): its best checkpoint attacked on its dataset's
 * split at every ε, through the exact input gradients; analog attacks reach the input through the
 * dataset's latency encoder (Yin-Yang, the synthetic set), spike attacks move or delete spikes.
 * With baselines, the undefended linear and MLP classifiers (trained here on the training split)
 * and, on the synthetic set, the group-ℓ2 sparse coder over the generator's dictionary face the
 * same attack. The result, with its seed, stays in the notebook's job history.
 */
import { attackParams, syntheticParams, yinYangParams, type AttackCurve, type AttackExample } from '../../../preload/api'
import { dictionary } from '../../data/synthetic'
import { attack, attackSweep } from '../../robust/attacks'
import { createHash } from 'node:crypto'
import { DEFAULT_LATENCY } from '../../data/mnist'
import { type RobustModel, learnedDictionary, linearModel, mlpModel, mnistEncoder, mnistPixels, snnModel, sparseLinearModel, sparseModel, syntheticEncoder, yinYangEncoder } from '../../robust/models'
import { DEFAULT_FISTA, dictionaryFrom } from '../../robust/sparse'
import { insertSpikes, spikeAttack, spikeNetModel, spikeSweep } from '../../robust/spike-attacks'
import { type HardwareKind, perturbNetwork } from '../../robust/hardware'
import { CpuNetwork, type SpikeSample } from '../../snn/cpu/network'
import { compile } from '../../snn/model'
import type { JobDefinition } from './types'
import { eventPropNetwork } from './run-network'

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
    const plan = run ? compile(eventPropNetwork(store, run.id, 'an attack through exact input gradients')) : null
    const ckpt = run ? store.runs.checkpoint(run.id, 'best') ?? store.runs.checkpoint(run.id, 'latest') : null
    if (run && !ckpt) throw new Error(`run ${p.runId} has no checkpoint yet`)
    const size = d.splits[p.split] ?? 0
    const n = Math.min(size, p.limit ?? size)
    if (n === 0) throw new Error(`dataset ${d.id} has no ${p.split} samples`)
    const curves: AttackCurve[] = []
    const examples: AttackExample[] = []
    const top = Math.max(...p.eps)
    let done = 0
    const trained = (other: number) => {
      const o = store.runs.get(other)
      if (o.datasetId !== d.id) throw new Error(`run ${other} was trained on ${o.datasetId === null ? 'no dataset' : `dataset ${o.datasetId}`}, not on dataset ${d.id}`)
      const c = store.runs.checkpoint(other, 'best') ?? store.runs.checkpoint(other, 'latest')
      if (!c) throw new Error(`run ${other} has no checkpoint yet`)
      return { plan: compile(eventPropNetwork(store, other, 'an attack through exact input gradients')), params: c.params }
    }
    // every grid point's result is kept under the sweep's parameters: a stopped sweep resumes
    const key = createHash('sha256').update(JSON.stringify({ ...p, limit: n })).digest('hex')
    const point = (model: string, e: number, compute: () => { accuracy: number; meanPerturbation: number; success: number }) => {
      const kept = store.attackPoints.get(key, model, e)
      if (kept) return { eps: e, ...kept }
      const r = { eps: e, ...compute() }
      store.attackPoints.put(key, model, r)
      return r
    }
    if (ANALOG.includes(p.attack)) {
      const encoder = d.kind === 'yinyang' ? yinYangEncoder(yinYangParams.parse(d.params).encoding) : d.kind === 'synthetic' ? syntheticEncoder(syntheticParams.parse(d.params)) : d.kind === 'mnist' ? mnistEncoder(DEFAULT_LATENCY) : null
      if (!encoder) throw new Error(`the ${p.attack} attack perturbs analog inputs, and dataset ${d.id} (${d.kind}) has spikes only: use shift or delete`)
      const analog = (split: 'train' | 'validation' | 'test', count: number) => d.kind === 'mnist'
        ? store.datasets.samplesRange(d.id, split, 0, count).map((s) => ({ x: mnistPixels(s.times, s.units, DEFAULT_LATENCY), label: s.label }))
        : store.datasets.features(d.id, split, 0, count).map((s) => ({ x: s.x!, label: s.label }))
      const samples = analog(p.split, n)
      const models: RobustModel[] = plan && ckpt ? [snnModel(`run ${p.runId}`, plan, ckpt.params, encoder)] : []
      for (const other of p.alongside) {
        const o = trained(other)
        models.push(snnModel(`run ${other}`, o.plan, o.params, encoder))
      }
      if (p.baselines || !run) {
        const train = analog('train', Math.min(d.splits.train ?? 0, d.kind === 'mnist' ? 2000 : 5000))
        ctx.progress(0, 'training the baselines')
        models.push(linearModel(train, d.numClasses, p.seed), mlpModel(train, d.numClasses, 64, p.seed))
        const source = p.dictionary ?? (d.kind === 'synthetic' ? 'generator' : 'learned')
        if (source === 'generator' && d.kind !== 'synthetic') throw new Error(`dataset ${d.id} (${d.kind}) has no generator dictionary: use dictionary = learned`)
        const sp = d.kind === 'synthetic' ? syntheticParams.parse(d.params) : null
        const dict = source === 'generator' ? dictionaryFrom(dictionary(sp!), sp!.atomsPerGroup) : dictionaryFrom(learnedDictionary(train, d.numClasses, Math.min(p.atoms, train[0]!.x.length), p.seed), Math.min(p.atoms, train[0]!.x.length))
        const fo = { ...DEFAULT_FISTA, lambda: p.lambda, tol: 1e-6, maxIter: 500 }
        models.push(sparseModel(dict, fo), sparseLinearModel(dict, fo, train.slice(0, 1000), d.numClasses, p.seed))
      }
      for (const [k, sm] of samples.slice(0, 6).entries()) {
        const a = attack(models[0]!, sm.x, sm.label, { kind: p.attack as 'fgsm', norm: p.norm, steps: p.steps, lo: encoder.lo, hi: encoder.hi, eps: top, seed: p.seed + k })
        examples.push({ kind: 'analog', label: sm.label, x: Array.from(sm.x), adversarial: Array.from(a.x), clean: models[0]!.predict(sm.x), attacked: a.prediction })
      }
      const total = models.length * samples.length * p.eps.length
      for (const m of models) {
        ctx.cancel.throwIfCancelled()
        curves.push({ model: m.name, points: p.eps.map((e) => point(m.name, e, () => attackSweep(m, samples, [e], { kind: p.attack as 'fgsm', norm: p.norm, steps: p.steps, lo: encoder.lo, hi: encoder.hi, seed: p.seed }, () => {
          ctx.cancel.throwIfCancelled()
          ctx.progress(++done / total, `${m.name}: ${done} of ${total} attacks`)
        })[0]!)) })
      }
    } else {
      if (!plan || !ckpt) throw new Error(`the ${p.attack} attack needs a trained run`)
      const nets = [{ id: p.runId!, plan, params: ckpt.params }, ...p.alongside.map((o) => ({ id: o, ...trained(o) }))]
      const samples = store.datasets.samplesRange(d.id, p.split, 0, n)
      const total = nets.length * samples.length * p.eps.length
      if (['delay-jitter', 'delay-round', 'weight-bits'].includes(p.attack)) {
        for (const m of nets) {
          const net = new CpuNetwork(m.plan)
          curves.push({ model: `run ${m.id}`, points: p.eps.map((e) => point(`run ${m.id}`, e, () => {
            net.setParams(e === 0 && p.attack !== 'weight-bits' ? m.params : perturbNetwork(m.plan, m.params, p.attack as HardwareKind, e, p.seed))
            let correct = 0
            for (const s of samples) {
              ctx.cancel.throwIfCancelled()
              if (net.forward(s).prediction === s.label) correct++
              ctx.progress(++done / total, `${done} of ${total} samples`)
            }
            return { accuracy: correct / samples.length, meanPerturbation: e, success: 0 }
          })) })
        }
      } else {
        const shift = p.attack.startsWith('shift'), insert = p.attack.startsWith('insert'), random = p.attack.endsWith('random')
        if (!shift && !insert && p.eps.some((e) => e > 1)) throw new Error('delete: ε is the fraction of spikes removed, at most 1')
        const make = (e: number) => (shift ? { kind: 'shift' as const, eps: e, steps: p.steps, random } : { kind: 'delete' as const, fraction: e, random })
        for (const [mi, m] of nets.entries()) {
          const model = spikeNetModel(m.plan, m.params)
          const attacked = (sm: SpikeSample, e: number, k: number): { sample: SpikeSample; changed: number } => {
            if (!insert) return spikeAttack(model, sm, make(e), p.seed + k, m.plan.spec.steps * m.plan.spec.dt)
            const a = insertSpikes(m.plan, m.params, sm, Math.round(e * sm.times.length), random, p.seed + k)
            return { sample: a, changed: a.times.length - sm.times.length }
          }
          if (mi === 0)
            for (const [k, sm] of samples.slice(0, 2).entries()) {
              const a = attacked(sm, top, k).sample
              examples.push({ kind: 'spikes', label: sm.label, times: Array.from(sm.times), units: Array.from(sm.units), attackedTimes: Array.from(a.times), attackedUnits: Array.from(a.units), clean: model.predict(sm), attacked: model.predict(a) })
            }
          curves.push({ model: `run ${m.id}`, points: p.eps.map((e) => point(`run ${m.id}`, e, () => {
            const x = spikeSweep(model, samples, [e], attacked, () => {
              ctx.cancel.throwIfCancelled()
              ctx.progress(++done / total, `${done} of ${total} attacks`)
            })[0]!
            return { accuracy: x.accuracy, meanPerturbation: x.meanChange, success: x.success }
          })) })
        }
      }
    }
    return { runId: p.runId ?? null, datasetId: d.id, split: p.split, attack: p.attack, norm: p.norm, samples: n, seed: p.seed, curves, examples, classNames: d.classNames, eps: top }
  }
}
