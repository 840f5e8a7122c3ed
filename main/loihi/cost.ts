/**
 * Energy and latency of an emulated sample on Loihi 2 (research/loihi.md §4.6): a model estimate
 * from Loihi 1 per-operation data and lava-dl's Loihi 2 power measurements, every constant a
 * setting with its source. Beside it the measured Jetson Orin Nano rows of the papers (§4.4), so
 * the comparison they report can be read off. No I/O.
 */
import type { EmulatedSample } from './emulator'
import type { Mapping } from './mapping'

export interface CostConstant { value: number; unit: string; source: string }

export interface CostModel {
  eSyn: CostConstant
  eNeuronActive: CostConstant
  eNeuronIdle: CostConstant
  eSpike: CostConstant
  pStatic: CostConstant
  tSyn: CostConstant
  tNeuronActive: CostConstant
  tNeuronIdle: CostConstant
  tSync: CostConstant
  tIo: CostConstant
}

export const DEFAULT_COST: CostModel = {
  eSyn: { value: 6e-12, unit: 'J', source: 'derived: 0.146 mJ / 2.36e7 synaptic ops, if the 200× claim of 2503.04341 is dynamic-basis (Loihi 1: 23.6 pJ, Davies 2018 Table 2)' },
  eNeuronActive: { value: 20e-12, unit: 'J', source: 'inferred: Loihi 1 81 pJ (Davies 2018) scaled as E_syn' },
  eNeuronIdle: { value: 13e-12, unit: 'J', source: 'inferred: Loihi 1 52 pJ scaled as E_syn' },
  eSpike: { value: 0.1e-9, unit: 'J', source: 'inferred: SANA-FE Loihi 1 spike and message energies, scaled down' },
  pStatic: { value: 0.25, unit: 'W', source: 'measured: lava-dl PilotNet on Oheo Gulch, 0.23–0.28 W static per chip' },
  tSyn: { value: 3.5e-9, unit: 's', source: 'Loihi 1 synaptic op, max time (Davies 2018 Table 2)' },
  tNeuronActive: { value: 8.4e-9, unit: 's', source: 'Loihi 1 neuron update, active (Davies 2018 Table 2)' },
  tNeuronIdle: { value: 5.3e-9, unit: 's', source: 'Loihi 1 neuron update, inactive (Davies 2018 Table 2)' },
  tSync: { value: 0.5e-6, unit: 's', source: 'Loihi 1 barrier 113–465 ns for 1–32 tiles' },
  tIo: { value: 0, unit: 's', source: 'host input per step: unknown, 0 by default (PilotNet-SDNN shows I/O can dominate)' }
}

export interface SampleCost {
  /** Per sample, means over the samples given. */
  synapticOps: number
  spikes: number
  neuronUpdates: number
  seconds: number
  dynamicJoules: number
  totalJoules: number
  chips: number
}

/**
 * The cost of emulated samples: T_step = T_sync + max over cores (ops·T_syn + neurons·T_nu) + T_io
 * (a layer's ops spread evenly over its cores), E_dyn = Σ E_syn·ops + E_nu·updates + E_spike·spikes,
 * E_total = E_dyn + P_static·T·chips. Every neuron updates every step (active ones: those that
 * received input or spiked — approximated here by active = received input).
 */
export function sampleCost(samples: EmulatedSample[], mapping: Mapping, neurons: number[], model: CostModel = DEFAULT_COST): SampleCost {
  const coresOf = mapping.layers.map((l) => l.cores)
  let ops = 0, spikes = 0, updates = 0, seconds = 0, dyn = 0
  for (const s of samples) {
    const steps = s.sops[0]!.length
    for (let n = 0; n < steps; n++) {
      let slowest = 0
      for (let L = 0; L < s.sops.length; L++) {
        const o = s.sops[L]![n]!, cores = coresOf[L]!, N = neurons[L]!
        const active = Math.min(N, o)
        const perCore = (o / cores) * model.tSyn.value + (active / cores) * model.tNeuronActive.value + ((N - active) / cores) * model.tNeuronIdle.value
        slowest = Math.max(slowest, perCore)
        ops += o
        spikes += s.spikes[L]![n]!
        updates += N
        dyn += o * model.eSyn.value + active * model.eNeuronActive.value + (N - active) * model.eNeuronIdle.value + s.spikes[L]![n]! * model.eSpike.value
      }
      seconds += model.tSync.value + slowest + model.tIo.value
    }
  }
  const k = Math.max(1, samples.length)
  const t = seconds / k, e = dyn / k
  return { synapticOps: ops / k, spikes: spikes / k, neuronUpdates: updates / k, seconds: t, dynamicJoules: e, totalJoules: e + model.pStatic.value * t * mapping.chips, chips: mapping.chips }
}

/** Measured Jetson Orin Nano rows of the papers (GeNN; loihi.md §4.4), per SHD sample. */
export const JETSON_SHD: { paper: string; model: string; batch: number; latencyMs: number; totalMj: number | null; dynamicMj: number | null }[] = [
  { paper: '2503.04341', model: 'SHD recurrent 256', batch: 1, latencyMs: 25.5, totalMj: 82.3, dynamicMj: 23.8 },
  { paper: '2503.04341', model: 'SHD recurrent 512', batch: 1, latencyMs: 26.0, totalMj: 85.0, dynamicMj: 25.3 },
  { paper: '2503.04341', model: 'SHD recurrent 1024', batch: 1, latencyMs: 27.4, totalMj: 92.0, dynamicMj: 29.1 },
  { paper: '2503.04341', model: 'SHD recurrent 256', batch: 128, latencyMs: 103, totalMj: 3.72, dynamicMj: 1.87 },
  { paper: '2503.04341', model: 'SHD recurrent 512', batch: 128, latencyMs: 156, totalMj: 6.51, dynamicMj: 3.68 },
  { paper: '2503.04341', model: 'SHD recurrent 1024', batch: 128, latencyMs: 311, totalMj: 15.6, dynamicMj: 9.96 },
  { paper: '2510.13757', model: 'SHD recurrent 512 + delays', batch: 1, latencyMs: 27.85, totalMj: 93.3, dynamicMj: 29.0 },
  { paper: '2510.13757', model: 'SHD recurrent 512 + delays', batch: 4, latencyMs: 43.7, totalMj: 41.9, dynamicMj: 16.5 },
  { paper: '2510.13757', model: 'SHD FF 2×512 + delays', batch: 1, latencyMs: 27.55, totalMj: 93.7, dynamicMj: 30.0 },
  { paper: '2510.13757', model: 'SHD FF 2×512, no delays', batch: 1, latencyMs: 26.0, totalMj: 85.4, dynamicMj: 25.8 }
]
