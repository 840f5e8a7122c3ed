/** The attack job on a trained Yin-Yang run, and the contract's refusals before any work starts. */
import { describe, expect, it } from 'vitest'
import type { AttackReport, JobInfo, RunDetail } from '../../preload/api'
import { createApi } from '../api/index'
import { WORKER_FILE, tempHome } from '../testing/tmp'

describe('attack job', () => {
  it('attacks a run at every ε (ε 0: its clean accuracy) and refuses bad requests up front', async () => {
    const api = createApi({ home: tempHome(), workerFile: WORKER_FILE })
    const cli = { shell: 'cli' as const }
    await api.call('datasets.generateYinYang', { seed: 3, sizes: { train: 600, validation: 60, test: 120 } }, cli)
    await api.call('datasets.generateShdLike', { seed: 2, sizes: { train: 20, validation: 0, test: 10 } }, cli)
    await api.jobs.idle()
    const { run } = await api.call('runs.start', { preset: 'yinyang', datasetId: 1, overrides: { epochs: 8 } }, cli) as { run: { id: number } }
    await api.jobs.idle()
    const job = await api.call('robust.attack', { runId: run.id, attack: 'ifgsm', eps: [0, 0.1], baselines: true }, cli) as JobInfo
    await api.jobs.idle()
    const done = api.store.jobs.get(job.id)
    expect(done.error).toBeNull()
    const r = done.result as AttackReport
    const detail = await api.call('runs.get', { id: run.id }, cli) as RunDetail
    expect(r.curves.map((c) => c.model)).toEqual([`run ${run.id}`, 'linear (undefended)', 'MLP (undefended)', 'group-ℓ2 sparse coder', 'sparse codes + linear readout'])
    expect(r.curves[0]!.points[0]!.accuracy).toBeCloseTo(detail.result!.testAccuracy!, 10)
    expect(r.curves[0]!.points[1]!.accuracy).toBeLessThan(r.curves[0]!.points[0]!.accuracy)
    expect(r.curves[0]!.points[1]!.meanPerturbation).toBeLessThanOrEqual(0.1 + 1e-12)
    // every grid point is kept: the same sweep again reads them back, the same numbers
    expect((api.store.db.prepare('SELECT COUNT(*) AS n FROM attack_points').get() as { n: number }).n).toBe(10)
    const again = await api.call('robust.attack', { runId: run.id, attack: 'ifgsm', eps: [0, 0.1], baselines: true }, cli) as JobInfo
    await api.jobs.idle()
    expect((api.store.jobs.get(again.id).result as AttackReport).curves).toEqual(r.curves)

    // a second run on the same data, attacked alongside; one on other data is refused, named
    const { run: second } = await api.call('runs.start', { preset: 'yinyang', datasetId: 1, overrides: { epochs: 2, seed: 2 } }, cli) as { run: { id: number } }
    await api.jobs.idle()
    const both = await api.call('robust.attack', { runId: run.id, alongside: [second.id], attack: 'fgsm', eps: [0, 0.05] }, cli) as JobInfo
    await api.jobs.idle()
    expect((api.store.jobs.get(both.id).result as AttackReport).curves.map((c) => c.model)).toEqual([`run ${run.id}`, `run ${second.id}`])

    // the network itself perturbed: weights to k bits, delays jittered
    const hw = await api.call('robust.attack', { runId: run.id, attack: 'weight-bits', eps: [16, 8, 1] }, cli) as JobInfo
    const jit = await api.call('robust.attack', { runId: run.id, attack: 'delay-jitter', eps: [0, 3] }, cli) as JobInfo
    await api.jobs.idle()
    const bits = (api.store.jobs.get(hw.id).result as AttackReport).curves[0]!.points
    expect(Math.abs(bits[0]!.accuracy - detail.result!.testAccuracy!)).toBeLessThanOrEqual(0.01)
    expect(bits[2]!.accuracy).toBeLessThan(bits[0]!.accuracy)
    const j = (api.store.jobs.get(jit.id).result as AttackReport).curves[0]!.points
    expect(j[0]!.accuracy).toBeCloseTo(detail.result!.testAccuracy!, 10)

    await expect(api.call('robust.attack', { runId: run.id, attack: 'fgsm', eps: [-0.1] }, cli)).rejects.toThrow(/ε must be 0 or more/)
    await expect(api.call('robust.attack', { runId: run.id, attack: 'fgsm', eps: [Number.NaN] }, cli)).rejects.toThrow()
    await expect(api.call('robust.attack', { runId: run.id, attack: 'delete', eps: [2] }, cli)).rejects.toThrow(/fraction of spikes removed, at most 1/)
    // a run on spike-only data: analog attacks are refused, named
    const shd = await api.call('runs.start', { preset: 'any-spikes', datasetId: 2, overrides: { epochs: 1 } }, cli) as { run: { id: number } }
    await api.jobs.idle()
    await expect(api.call('robust.attack', { runId: shd.run.id, attack: 'pgd', eps: [0.1] }, cli)).rejects.toThrow(/perturbs analog inputs, and dataset 2 \(shd-like\) has spikes only/)
    // spike attacks through the job: ε 0 keeps the clean accuracy; the examples are rasters
    for (const attack of ['shift', 'insert'] as const) {
      const sj = await api.call('robust.attack', { runId: shd.run.id, attack, eps: [0, attack === 'shift' ? 5 : 0.2] }, cli) as JobInfo
      await api.jobs.idle()
      const sr = api.store.jobs.get(sj.id).result as AttackReport
      expect(sr.curves[0]!.points[0]!.accuracy).toBeCloseTo((api.store.runs.get(shd.run.id).result as { testAccuracy: number }).testAccuracy, 10)
      expect(sr.curves[0]!.points[1]!.meanPerturbation).toBeGreaterThan(0)
      expect(sr.examples[0]!.kind).toBe('spikes')
    }
    await expect(api.call('robust.attack', { runId: run.id, alongside: [shd.run.id], attack: 'fgsm', eps: [0.1] }, cli)).rejects.toThrow(new RegExp(`run ${shd.run.id} was trained on dataset 2, not on dataset 1`))
    // no run: the sparse coder and the baselines on the synthetic set
    await api.call('datasets.generateSynthetic', { seed: 4, sizes: { train: 300, validation: 0, test: 40 } }, cli)
    await api.jobs.idle()
    const synthetic = api.store.datasets.list().find((x) => x.kind === 'synthetic')!
    const sj = await api.call('robust.attack', { datasetId: synthetic.id, attack: 'ifgsm', eps: [0, 0.1] }, cli) as JobInfo
    await api.jobs.idle()
    const sr = api.store.jobs.get(sj.id).result as AttackReport
    expect(sr.curves.map((c) => c.model)).toEqual(['linear (undefended)', 'MLP (undefended)', 'group-ℓ2 sparse coder', 'sparse codes + linear readout'])
    expect(sr.curves[2]!.points[0]!.accuracy).toBeGreaterThan(0.9)
    await expect(api.call('robust.attack', { datasetId: synthetic.id, attack: 'shift', eps: [1] }, cli)).rejects.toThrow(/needs a trained spiking run/)
    await expect(api.call('robust.attack', { runId: run.id, datasetId: synthetic.id, attack: 'fgsm', eps: [1] }, cli)).rejects.toThrow(/not both/)
    await api.close()
  }, 120_000)
})
