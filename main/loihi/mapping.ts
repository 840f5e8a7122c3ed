/**
 * A quantised network on Loihi 2's neuro-cores (research/loihi.md §3.4, capacities from Lava's
 * Loihi 2 compiler logs, §3.3): each layer's neurons are split evenly over the fewest cores on
 * which every input axon fits (16000), the neurons (4096), the output map (16000) and the synaptic
 * memory (12000 units: per input axon, ⌈synapses into the core / k⌉ with k = 4 eight-bit synapses
 * a unit, 2 with delays). Layers take consecutive cores, a new chip every 128. No I/O.
 */
import type { LoihiNetwork } from './quantise'

export interface CoreCaps { neurons: number; axonIn: number; synMem: number; axonMap: number; coresPerChip: number }

export const LOIHI2_CAPS: CoreCaps = { neurons: 4096, axonIn: 16000, synMem: 12000, axonMap: 16000, coresPerChip: 128 }

/** Boards by chips (§3.2): Oheo Gulch 1, Kapoho Point 8 (Lava's resources.py says 4). */
export const BOARDS = [{ name: 'Oheo Gulch', chips: 1 }, { name: 'Kapoho Point', chips: 8 }] as const

export interface CoreUse { layer: string; chip: number; core: number; neurons: number; axonIn: number; synMem: number }
export interface LayerMapping { layer: string; neurons: number; fanIn: number; perCore: number; cores: number; synapsesPerUnit: number }
export interface Mapping {
  layers: LayerMapping[]
  cores: CoreUse[]
  chips: number
  /** The smallest board that holds it, or null when none does. */
  board: string | null
  caps: CoreCaps
}

export function mapNetwork(net: LoihiNetwork, caps: CoreCaps = LOIHI2_CAPS): Mapping {
  const layers: LayerMapping[] = []
  for (const layer of net.layers) {
    const incoming = net.projections.filter((p) => p.post === layer.population)
    const fanIn = incoming.reduce((s, p) => s + p.nPre, 0)
    if (fanIn > caps.axonIn) throw new Error(`${layer.name}: a fan-in of ${fanIn} input axons exceeds the ${caps.axonIn} one core accepts`)
    const k = incoming.some((p) => p.maxDelay > 0) ? 2 : 4
    // synaptic memory of m neurons on a core: per input axon, ⌈its nonzero synapses into them / k⌉
    // (dense worst case: every axon reaches all m)
    const fits = (m: number): boolean => fanIn * Math.ceil(m / k) <= caps.synMem
    let m = Math.min(caps.neurons, caps.axonMap, layer.size)
    while (m > 0 && !fits(m)) m--
    if (m < 1) throw new Error(`${layer.name}: one neuron's fan-in of ${fanIn} needs ${fanIn} synaptic memory units, more than a core's ${caps.synMem}`)
    layers.push({ layer: layer.name, neurons: layer.size, fanIn, perCore: m, cores: Math.ceil(layer.size / m), synapsesPerUnit: k })
  }
  const total = layers.reduce((s, l) => s + l.cores, 0)
  const chips = Math.ceil(total / caps.coresPerChip)
  const largest = BOARDS.at(-1)!
  if (chips > largest.chips) throw new Error(`the network needs ${total} cores on ${chips} chips, more than the largest board (${largest.name}, ${largest.chips} chips) holds: ${layers.map((l) => `${l.layer} ${l.cores} cores`).join(', ')}`)
  // each core's own use, from the nonzero synapses into its neurons
  const cores: CoreUse[] = []
  let next = 0
  net.layers.forEach((layer, L) => {
    const { cores: count, synapsesPerUnit: k, fanIn } = layers[L]!
    const incoming = net.projections.filter((p) => p.post === layer.population)
    for (let c = 0; c < count; c++) {
      const neurons = Math.floor(layer.size / count) + (c < layer.size % count ? 1 : 0)
      const lo = c * Math.floor(layer.size / count) + Math.min(c, layer.size % count)
      let units = 0
      for (const p of incoming)
        for (let i = 0; i < p.nPre; i++) {
          let nnz = 0
          for (let j = lo; j < lo + neurons; j++) if (p.weights[i * p.nPost + j] !== 0) nnz++
          units += Math.ceil(nnz / k)
        }
      cores.push({ layer: layer.name, chip: Math.floor(next / caps.coresPerChip), core: next % caps.coresPerChip, neurons, axonIn: fanIn, synMem: units })
      next++
    }
  })
  return { layers, cores, chips, board: BOARDS.find((b) => b.chips >= chips)!.name, caps }
}
