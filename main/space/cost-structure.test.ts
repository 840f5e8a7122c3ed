/**
 * What the connection cost builds (arXiv 2511.01632 §C.3–C.4), end to end: the small
 * position-learning preset trained twice from the same seed on SHD-like data (200 samples, batch
 * 16 so that 12 epochs are 156 Adam steps), without and with the cost l1·Σ|w|·d², l1 = 3e-3, on
 * the weights (the default, no pull), then analysed as the Space view does. Measured: wiring
 * 2188 → 204.5 (×1.004 → ×0.640 of permuted positions), clustering ×0.995 → ×1.090 of shuffled
 * weights, modularity 0.060 → 0.240. With the pull on as well, the positions collapse instead
 * (40 epochs, l1 1e-3: every neuron in a 0.12 × 0.11 box, clustering ×0.992 → ×0.996) — hence
 * the default.
 */
import { describe, expect, it } from 'vitest'
import { shdLikeParams } from '../../preload/api'
import { epochOrder } from '../data/batching'
import { shdLikeModel, shdLikeSample } from '../data/shd-like'
import { type SplitSource, classIndex, trainingBatch } from '../jobs/kinds/train-data'
import type { SpikeSample } from '../snn/cpu/network'
import { compile } from '../snn/model'
import { dataDrivenInit } from '../train/data-init'
import { preset, withOverrides } from '../train/presets'
import { Trainer } from '../train/trainer'
import { Rng } from '../util/rng'
import { analyseSpace } from './analysis'

const gen = shdLikeParams.parse({ spikesPerSample: 3000 })
const model = shdLikeModel(gen)
const rng0 = new Rng(11)
const train: SpikeSample[] = Array.from({ length: 200 }, () => shdLikeSample(gen, model, rng0, false))
const source: SplitSource = { size: train.length, labels: Int32Array.from(train, (s) => s.label), at: (i) => i.map((k) => train[k]!), range: (s, n) => train.slice(s, s + n) }
const EPOCHS = 12

async function trained(l1: number): Promise<ReturnType<typeof analyseSpace> & { l1: number }> {
  const s = withOverrides(preset('shd-like-position-small').settings, { epochs: EPOCHS, batchSize: 16, 'cost.l1': l1, 'cost.gamma': 2 })
  const plan = compile(s.network)
  const { params } = dataDrivenInit(plan, s.init, s.init.data, s.seed, train.slice(0, s.init.data.samples))
  const batches = Math.ceil(train.length / s.batchSize)
  const trainer = new Trainer(s, { params, batchesPerEpoch: batches })
  const rng = new Rng(5), byClass = classIndex(source.labels)
  for (let e = 0; e < EPOCHS; e++) {
    trainer.startEpoch(e)
    const order = epochOrder(source.labels, s.data.stratified, rng)
    for (let b = 0; b < batches; b++)
      await trainer.trainBatch(trainingBatch(source, order.slice(b * s.batchSize, (b + 1) * s.batchSize), s.data.augment, 700, rng, byClass))
    await trainer.endEpoch()
  }
  const a = analyseSpace(plan, trainer.params, { clusteringNulls: 20, efficiencyNulls: 2, spatialNulls: 20, resolution: 1, seed: 1 })
  await trainer.close()
  return { ...a, l1 }
}

describe('a connection cost shapes the spatial graph', () => {
  it('lowers the wiring cost and raises normalised clustering and modularity against the same run without it', async () => {
    const free = await trained(0), cost = await trained(3e-3)
    const show = (a: typeof free): string => `wiring ${a.measures.wiringCost!.toFixed(1)} (×${a.measures.wiringCostRatio!.toFixed(3)} permuted), clustering ×${a.measures.clusteringRatio!.toFixed(3)} shuffled, modularity ${a.measures.modularity.toFixed(3)}`
    console.log(`${EPOCHS} epochs, ${train.length} samples: no cost: ${show(free)}; cost l1 ${cost.l1}, γ 2: ${show(cost)}`)
    expect(cost.measures.wiringCost!).toBeLessThan(0.5 * free.measures.wiringCost!)
    expect(cost.measures.wiringCostRatio!).toBeLessThan(0.9)
    expect(free.measures.wiringCostRatio!).toBeGreaterThan(0.95)
    expect(cost.measures.clusteringRatio!).toBeGreaterThan(1.05)
    expect(cost.measures.clusteringRatio!).toBeGreaterThan(free.measures.clusteringRatio!)
    expect(cost.measures.modularity).toBeGreaterThan(free.measures.modularity + 0.1)
  }, 300_000)
})
