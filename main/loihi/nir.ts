/**
 * NIR (neuromorphs/NIR) graphs of Axonal networks, and Axonal networks of NIR graphs, as HDF5
 * trees (main/interop/h5tree.ts writes and reads them; research/loihi.md §6.1). No I/O.
 *
 * Export: Input → Linear → CubaLIF (recurrence a cycle through its own Linear) → … → Linear →
 * CubaLI → Output; times in seconds (the graph's metadata says so, and gives dt). Our current
 * jumps by w per spike, so each neuron node has w_in = τ_syn (NIR: τ_syn İ = −I + w_in·S) and
 * r = 1, and Linear weights are our weights, exactly. NIR's Delay holds one delay per channel, so
 * a projection with per-synapse delays becomes one Delay → Linear path per distinct delay (the
 * delays as the forward pass uses them: whole steps of dt), each Linear holding the synapses with
 * that delay. The graph metadata names our discretisation and readout, which NIR does not pin.
 *
 * Import: those node types (and LIF/LI, given a near-instant synapse, and Affine without bias),
 * in a chain input → hidden layers (each optionally recurrent) → output; anything else is refused
 * with the node named.
 */
import type { NetworkSpec, Plan, Readout } from '../snn/model'
import { compile, delaySteps, projectionDelays } from '../snn/model'
import type { H5Dataset, H5Tree } from '../interop/h5tree'

export const NIR_VERSION = '0.5.0'

const f64 = (n: number, v: number): Float64Array => new Float64Array(n).fill(v)
const ds = (data: H5Dataset['data'], shape?: number[], gzip = true): H5Dataset => ({ data, ...(shape ? { shape } : {}), gzip })

export interface NirContents { nodes: number; delayGroups: number; description: string }

export function nirGraph(plan: Plan, params: Float64Array, producer: string): { tree: H5Tree; contents: NirContents } {
  const { dt, steps, readout, maxDelay } = plan.spec
  const nodes: H5Tree = {}
  const edges: string[] = []
  const name = (p: number): string => (p === 0 ? 'input' : p === plan.outputPop ? 'output' : `hidden${p}`)
  nodes['input'] = { type: ds('Input', [], false), shape: ds(BigInt64Array.of(BigInt(plan.spec.inputs)), [1], false) }
  plan.populations.forEach((pop, p) => {
    if (p === 0) return
    const n = pop.size, s = (x: number): number => x / 1000
    const common = { tau_syn: ds(f64(n, s(pop.tauS))), tau_mem: ds(f64(n, s(pop.tauM))), r: ds(f64(n, 1)), v_leak: ds(f64(n, 0)), w_in: ds(f64(n, s(pop.tauS))) }
    nodes[name(p)] = pop.kind === 'li'
      ? { type: ds('CubaLI', [], false), ...common }
      : { type: ds('CubaLIF', [], false), ...common, v_threshold: ds(f64(n, pop.threshold)), v_reset: ds(f64(n, 0)) }
  })
  nodes['out'] = { type: ds('Output', [], false), shape: ds(BigInt64Array.of(BigInt(plan.populations[plan.outputPop]!.size)), [1], false) }
  edges.push(name(plan.outputPop), 'out')
  let delayGroups = 0
  for (const prj of plan.projections) {
    const w = params.subarray(prj.wOffset, prj.wOffset + prj.nPre * prj.nPost)
    const steps = delaySteps(plan, projectionDelays(plan, prj, params))
    const groups = [...new Set(steps)].sort((a, b) => a - b)
    for (const d of groups) {
      // weights (out, in) of the synapses with this delay
      const m = new Float64Array(prj.nPost * prj.nPre)
      for (let i = 0; i < prj.nPre; i++) for (let j = 0; j < prj.nPost; j++) if (steps[i * prj.nPost + j] === d) m[j * prj.nPre + i] = w[i * prj.nPost + j]!
      const base = `${name(prj.pre)}_to_${name(prj.post)}${groups.length > 1 || d > 0 ? `_delay${d}` : ''}`
      nodes[`linear_${base}`] = { type: ds('Linear', [], false), weight: ds(m, [prj.nPost, prj.nPre]) }
      if (d > 0) {
        delayGroups++
        nodes[`delay_${base}`] = { type: ds('Delay', [], false), delay: ds(f64(prj.nPre, (d * dt) / 1000)) }
        edges.push(name(prj.pre), `delay_${base}`, `delay_${base}`, `linear_${base}`)
      } else edges.push(name(prj.pre), `linear_${base}`)
      edges.push(`linear_${base}`, name(prj.post))
    }
  }
  const metadata: H5Tree = {
    producer: ds(producer, [], false),
    time_unit: ds('s', [], false),
    dt: ds(dt / 1000, [], false),
    steps: ds(steps, [], false),
    max_delay: ds(maxDelay / 1000, [], false),
    readout: ds(readout, [], false),
    discretisation: ds(`per step of dt: I ← β·I + arrivals, V ← α·V + (1 − α)(τs/dt)(1 − β)·I, spike when V ≥ ϑ at the step's end, reset to 0; α = exp(−dt/τm), β = exp(−dt/τs); a spike of step n with a delay of D steps arrives at step n + 1 + D`, [], false),
    weights: ds('each Linear weight is the jump of the synaptic current per spike, in threshold units (hence w_in = tau_syn, r = 1)', [], false)
  }
  const tree: H5Tree = {
    version: ds(NIR_VERSION, [], false),
    node: { type: ds('NIRGraph', [], false), nodes, edges: ds(edges, [edges.length / 2, 2], false), metadata }
  }
  const nodeCount = Object.keys(nodes).length
  return {
    tree,
    contents: {
      nodes: nodeCount, delayGroups,
      description: `A NIR graph of ${nodeCount} nodes: Input, ${plan.populations.length - 2} CubaLIF layer${plan.populations.length === 3 ? '' : 's'}, a CubaLI output, Linear weights${delayGroups ? `, and ${delayGroups} Delay → Linear paths holding the per-synapse delays (one per distinct delay, in whole steps of ${dt} ms)` : ''}; times in seconds, dt and our discretisation in the metadata.`
    }
  }
}

const NEURONS = new Set(['CubaLIF', 'CubaLI', 'LIF', 'LI'])

export interface ImportOptions {
  /** ms; used when the file's metadata gives none. */
  dt: number
  steps: number
  readout?: Readout
}

/** Our network and parameters for a NIR graph tree (as readH5 gives it), or an error naming the node. */
export function fromNir(file: H5Tree, opts: ImportOptions, label = 'the NIR file'): { spec: NetworkSpec; params: Float64Array; notes: string[] } {
  const graph = file['node'] as H5Tree | undefined
  const text = (x: unknown): string => String((x as H5Dataset | undefined)?.data ?? '')
  if (!graph || text(graph['type']) !== 'NIRGraph') throw new Error(`${label}: no NIRGraph at /node`)
  const nodes = graph['nodes'] as H5Tree
  const edgeData = (graph['edges'] as H5Dataset | undefined)?.data
  if (!nodes || !Array.isArray(edgeData) || edgeData.length % 2) throw new Error(`${label}: /node needs nodes and an E×2 edges dataset of names`)
  const meta = (graph['metadata'] ?? {}) as H5Tree
  const num = (k: string): number | undefined => {
    const d = (meta[k] as H5Dataset | undefined)?.data
    return d === undefined ? undefined : typeof d === 'number' ? d : ArrayBuffer.isView(d) ? Number((d as Float64Array)[0]) : Number(d)
  }
  const unit = text(meta['time_unit']) || 's'
  const toMs = (x: number): number => Number((unit === 'ms' ? x : x * 1000).toPrecision(12))
  const type = (n: string): string => {
    const node = nodes[n] as H5Tree | undefined
    if (!node) throw new Error(`${label}: an edge names node "${n}", which the graph does not have`)
    return text(node['type'])
  }
  const arr = (n: string, k: string): Float64Array => {
    const d = ((nodes[n] as H5Tree)[k] as H5Dataset | undefined)?.data
    if (d === undefined || typeof d === 'string' || Array.isArray(d)) throw new Error(`${label}: node ${n} has no numeric ${k}`)
    return typeof d === 'number' ? Float64Array.of(d) : Float64Array.from(d as ArrayLike<number>, Number)
  }
  const uniform = (n: string, k: string, fallback?: number): number => {
    const node = nodes[n] as H5Tree
    if (!(k in node) && fallback !== undefined) return fallback
    const a = arr(n, k)
    if (a.some((x) => x !== a[0])) throw new Error(`${label}: node ${n} has a different ${k} per neuron; Axonal's layers share one`)
    return a[0]!
  }
  for (const n of Object.keys(nodes)) {
    const t = type(n)
    if (!['Input', 'Output', 'Linear', 'Affine', 'Delay', ...NEURONS].includes(t)) throw new Error(`${label}: node ${n} is a ${t}; Axonal imports Input, Output, Linear, Affine, Delay, CubaLIF, CubaLI, LIF and LI`)
    if (t === 'Affine' && arr(n, 'bias').some((b) => b !== 0)) throw new Error(`${label}: node ${n} (Affine) has a bias; Axonal's neurons have none`)
  }
  const out = new Map<string, string[]>(), into = new Map<string, string[]>()
  for (let k = 0; k < edgeData.length; k += 2) {
    const a = String(edgeData[k]), b = String(edgeData[k + 1])
    type(a); type(b)
    out.set(a, [...(out.get(a) ?? []), b])
    into.set(b, [...(into.get(b) ?? []), a])
  }
  const inputs = Object.keys(nodes).filter((n) => type(n) === 'Input')
  if (inputs.length !== 1) throw new Error(`${label}: expected one Input node, found ${inputs.length}`)
  const input = inputs[0]!
  // synapse paths: source → [Delay] → Linear/Affine → target neuron
  interface Path { src: string; dst: string; weight: Float64Array; nIn: number; nOut: number; delay: Float64Array | null; via: string }
  const paths: Path[] = []
  for (const n of Object.keys(nodes)) {
    const t = type(n)
    if (t !== 'Linear' && t !== 'Affine') continue
    const pre = into.get(n) ?? [], post = out.get(n) ?? []
    if (pre.length !== 1 || post.length !== 1) throw new Error(`${label}: ${t} node ${n} needs one edge in and one out (has ${pre.length} and ${post.length})`)
    let src = pre[0]!, delay: Float64Array | null = null
    if (type(src) === 'Delay') {
      delay = arr(src, 'delay')
      const before = into.get(src) ?? []
      if (before.length !== 1) throw new Error(`${label}: Delay node ${src} needs one edge in`)
      src = before[0]!
    }
    const dst = post[0]!
    if (!NEURONS.has(type(dst))) throw new Error(`${label}: ${t} node ${n} feeds ${dst} (a ${type(dst)}), not a neuron layer`)
    if (src !== input && !NEURONS.has(type(src))) throw new Error(`${label}: ${t} node ${n} is fed by ${src} (a ${type(src)})`)
    const w = (nodes[n] as H5Tree)['weight'] as H5Dataset
    const shape = w.shape ?? []
    if (shape.length !== 2) throw new Error(`${label}: node ${n}: weight must be a matrix (out, in)`)
    paths.push({ src, dst, weight: arr(n, 'weight'), nOut: shape[0]!, nIn: shape[1]!, delay, via: n })
  }
  // the chain: input → hidden… → output
  const order: string[] = [input]
  for (;;) {
    const cur = order.at(-1)!
    const next = [...new Set(paths.filter((p) => p.src === cur && p.dst !== cur).map((p) => p.dst))]
    if (next.length === 0) break
    if (next.length > 1) throw new Error(`${label}: ${cur} feeds ${next.join(' and ')}; Axonal's networks are a chain of layers`)
    if (order.includes(next[0]!)) throw new Error(`${label}: the layers loop back to ${next[0]}`)
    order.push(next[0]!)
  }
  const layers = order.slice(1)
  if (layers.length < 1) throw new Error(`${label}: nothing is connected to the input ${input}`)
  for (const p of paths) {
    const i = order.indexOf(p.src), j = order.indexOf(p.dst)
    if (i < 0 || j < 0 || !(j === i + 1 || (i === j && i > 0))) throw new Error(`${label}: node ${p.via} connects ${p.src} to ${p.dst}, which skips layers; Axonal's layers connect to the next and to themselves`)
  }
  const size = (n: string): number => (n === input ? Number(arr(n, 'shape')[0]) : arr(n, (nodes[n] as H5Tree)['tau_mem'] ? 'tau_mem' : 'tau').length)
  const notes: string[] = []
  const dt = num('dt') !== undefined ? toMs(num('dt')!) : opts.dt
  const steps = num('steps') ?? opts.steps
  const metaReadout = text(meta['readout'])
  const outNode = layers.at(-1)!
  const outType = type(outNode)
  const readout = (opts.readout ?? (metaReadout || (outType === 'CubaLIF' || outType === 'LIF' ? 'first-spike' : 'avg-exp'))) as Readout
  if ((readout === 'first-spike') !== (outType === 'CubaLIF' || outType === 'LIF')) throw new Error(`${label}: the output ${outNode} is a ${outType}, which does not fit the ${readout} readout`)
  // neuron parameters; plain LIF/LI get a near-instant synapse
  const instant = dt / 20
  const neuron = (n: string) => {
    const t = type(n)
    const cuba = t.startsWith('Cuba')
    const tauM = toMs(uniform(n, cuba ? 'tau_mem' : 'tau')), tauS = cuba ? toMs(uniform(n, 'tau_syn')) : instant
    if (!cuba) notes.push(`${n} is a ${t} (no synaptic current): imported with a ${instant} ms synapse, close to but not exactly its instant input`)
    if (uniform(n, 'v_leak', 0) !== 0) throw new Error(`${label}: node ${n} has a nonzero v_leak; Axonal's neurons rest at 0`)
    if (t.endsWith('LIF') && uniform(n, 'v_reset', 0) !== 0) throw new Error(`${label}: node ${n} resets to a nonzero v_reset; Axonal's neurons reset to 0`)
    const r = uniform(n, 'r', 1)
    // the jump of our current per unit of Linear weight: w_in/τ_syn (CubaLIF), r/τ (LIF: V jumps by r·w/τ)
    const gain = cuba ? (r * uniform(n, 'w_in', 1)) / uniform(n, 'tau_syn') : r / (unit === 'ms' ? tauS : tauS / 1000)
    return { tauM, tauS, threshold: t.endsWith('LIF') ? uniform(n, 'v_threshold') : 1, gain, cuba }
  }
  const params = layers.map(neuron)
  const delayMs = (p: Path): Float64Array | null => (p.delay ? p.delay.map(toMs) : null)
  const hasDelay = (a: string, b: string): boolean => paths.some((p) => p.src === a && p.dst === b && p.delay && p.delay.some((x) => x > 0))
  const maxDelay = Math.max(num('max_delay') !== undefined ? toMs(num('max_delay')!) : 0, ...paths.map((p) => Math.max(0, ...(delayMs(p) ?? [0]))))
  const spec: NetworkSpec = {
    dt, steps, inputs: size(input), maxDelay, readout,
    hidden: layers.slice(0, -1).map((n, k) => ({
      size: size(n), tauM: params[k]!.tauM, tauS: params[k]!.tauS, threshold: params[k]!.threshold,
      recurrent: paths.some((p) => p.src === n && p.dst === n),
      inputDelay: hasDelay(order[k]!, n) ? 'fixed' : 'none', recurrentDelay: hasDelay(n, n) ? 'fixed' : 'none'
    })),
    output: { size: size(outNode), tauM: params.at(-1)!.tauM, tauS: params.at(-1)!.tauS, delay: hasDelay(order.at(-2)!, outNode) ? 'fixed' : 'none', ...(readout === 'first-spike' ? { threshold: params.at(-1)!.threshold } : {}) }
  }
  const plan = compile(spec)
  const values = new Float64Array(plan.paramCount)
  const seen = plan.projections.map((x) => new Uint8Array(x.nPre * x.nPost))
  for (const p of paths) {
    const pre = order.indexOf(p.src), post = order.indexOf(p.dst)
    const x = plan.projections.findIndex((q) => q.pre === pre && q.post === post)
    const prj = plan.projections[x]!
    if (p.nIn !== prj.nPre || p.nOut !== prj.nPost) throw new Error(`${label}: node ${p.via}: weight is ${p.nOut}×${p.nIn}, but ${p.src} → ${p.dst} is ${prj.nPost}×${prj.nPre}`)
    const gain = params[post - 1]!.gain, d = delayMs(p)
    if (d && d.length !== prj.nPre) throw new Error(`${label}: the Delay before ${p.via} has ${d.length} delays for ${prj.nPre} channels`)
    for (let j = 0; j < prj.nPost; j++)
      for (let i = 0; i < prj.nPre; i++) {
        const w = p.weight[j * prj.nPre + i]!
        if (w === 0) continue
        const k = i * prj.nPost + j
        if (seen[x]![k]) throw new Error(`${label}: synapse ${i} → ${j} of ${p.src} → ${p.dst} appears on two paths; Axonal has one synapse per pair`)
        seen[x]![k] = 1
        values[prj.wOffset + k] = w * gain
        if (prj.dOffset >= 0) values[prj.dOffset + k] = d ? d[i]! : 0
      }
  }
  return { spec, params: values, notes }
}
