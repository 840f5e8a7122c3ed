/**
 * The pre-flight check of a run: a forward pass over a few training samples at the initial
 * parameters, reporting per LIF layer the fraction of neurons that never spiked, the fraction that
 * spiked in more than half of the time steps (saturated: no gradient reaches a neuron whose timing
 * cannot move), and spikes per sample. A layer that is silent or saturated cannot learn: EventProp
 * has no spikes to carry gradients through (or only spikes pinned to every step). No I/O.
 */
import { CpuNetwork, type SpikeSample } from '../snn/cpu/network'
import type { Plan } from '../snn/model'

import type { LayerActivity } from '../../preload/api'

export type { LayerActivity }

/** A layer is reported silent when this fraction of its neurons never spiked… */
export const SILENT_LAYER = 0.9
/** …or nearly silent when its neurons fire below this mean rate (Hz): a handful of spikes carry too little gradient to learn from… */
export const QUIET_LAYER_HZ = 0.5
/** …and saturated when this fraction spiked in more than half of the steps. */
export const SATURATED_LAYER = 0.5

export function layerActivity(plan: Plan, params: Float64Array, samples: readonly SpikeSample[]): LayerActivity[] {
  const net = new CpuNetwork(plan)
  net.setParams(params)
  const pops = plan.populations
  const counts = pops.map((p) => new Float64Array(p.size))
  for (const s of samples) net.forward(s).counts.forEach((c, p) => c.forEach((n, j) => (counts[p]![j]! += n)))
  const T = plan.spec.steps * plan.spec.dt
  const out: LayerActivity[] = []
  pops.forEach((pop, p) => {
    if (pop.kind !== 'lif') return
    const c = counts[p]!
    let silent = 0, saturated = 0, total = 0
    for (const n of c) {
      total += n
      if (n === 0) silent++
      if (n / samples.length > plan.spec.steps / 2) saturated++
    }
    const n = Math.max(1, samples.length)
    out.push({
      layer: p === plan.outputPop ? 'output' : `hidden ${p}`, population: p, size: pop.size,
      silent: silent / pop.size, saturated: saturated / pop.size, spikesPerSample: total / n, rateHz: (1000 * total) / (n * pop.size * T)
    })
  })
  return out
}

/** What is wrong with a layer, or null; outputs are not judged (they may be silent until trained). */
export function layerVerdict(l: LayerActivity): 'silent' | 'nearly silent' | 'saturated' | null {
  if (l.layer === 'output') return null
  if (l.silent >= SILENT_LAYER) return 'silent'
  if (l.rateHz < QUIET_LAYER_HZ) return 'nearly silent'
  if (l.saturated >= SATURATED_LAYER) return 'saturated'
  return null
}

/** What is wrong with these layers, one sentence each (empty: ready to train). */
export function preflightProblems(layers: readonly LayerActivity[]): string[] {
  return layers.flatMap((l) => {
    switch (layerVerdict(l)) {
      case 'silent': return [`${l.layer} is silent: ${Math.round(l.silent * l.size)} of ${l.size} neurons never spiked (${l.spikesPerSample.toFixed(1)} spikes per sample), so no gradient can flow`]
      case 'nearly silent': return [`${l.layer} is nearly silent: ${l.spikesPerSample.toFixed(1)} spikes per sample from ${l.size} neurons (${l.rateHz.toFixed(2)} Hz each, below ${QUIET_LAYER_HZ} Hz), too few to carry gradients`]
      case 'saturated': return [`${l.layer} is saturated: ${Math.round(l.saturated * l.size)} of ${l.size} neurons spike in more than half of the time steps (${l.rateHz.toFixed(0)} Hz on average)`]
      default: return []
    }
  })
}

export function describeActivity(l: LayerActivity): string {
  return `${l.layer}: ${(100 * l.silent).toFixed(0)}% silent, ${(100 * l.saturated).toFixed(0)}% saturated, ${l.spikesPerSample.toFixed(1)} spikes per sample (${l.rateHz.toFixed(1)} Hz per neuron)`
}
