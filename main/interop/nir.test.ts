/**
 * NIR and NetX files end to end: written with h5wasm, read back by h5py as neuromorphs/NIR reads
 * them (field by field), imported again into a network that spikes exactly as the original, and
 * a NIR file written by another tool's serialiser (h5py, scripts/fixtures/nir_foreign.py) imported.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fromNir, nirGraph } from '../loihi/nir'
import { netxTree } from '../loihi/netx'
import { quantise } from '../loihi/quantise'
import { CpuNetwork, type SpikeSample } from '../snn/cpu/network'
import { initParams } from '../snn/init'
import { type NetworkSpec, compile } from '../snn/model'
import { oracle } from '../testing/oracle'
import { tempHome } from '../testing/tmp'
import { Rng } from '../util/rng'
import { readH5, writeH5 } from './h5tree'

const spec: NetworkSpec = {
  dt: 1, steps: 80, inputs: 6, maxDelay: 30, readout: 'avg-exp',
  hidden: [
    { size: 10, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'learn', recurrentDelay: 'position', positions: { dims: 2, scale: 8 } },
    { size: 7, tauM: 15, tauS: 4, threshold: 0.8, recurrent: false, inputDelay: 'none', recurrentDelay: 'none' }
  ],
  output: { size: 3, tauM: 20, tauS: 5, delay: 'fixed' }
}
const init = { weight: { input: { mean: 1.2, sd: 0.8 }, hidden: { mean: 0.6, sd: 0.8 }, recurrent: { mean: 0, sd: 0.5 }, output: { mean: 0.2, sd: 0.5 } }, delay: { feedforward: 12, recurrent: 3 }, positionRange: 1 }

function samples(seed: number, n: number): SpikeSample[] {
  const rng = new Rng(seed)
  return Array.from({ length: n }, () => {
    const k = 30 + rng.int(30)
    return { times: Float32Array.from({ length: k }, () => rng.uniform() * 60), units: Uint16Array.from({ length: k }, () => rng.int(6)), label: rng.int(3) }
  })
}

describe('NIR export and import', () => {
  const plan = compile(spec)
  const params = initParams(plan, init, 3)
  // spread the learned and fixed delays so that many distinct delays appear
  const rng = new Rng(5)
  for (const p of plan.projections) if (p.dOffset >= 0) for (let k = 0; k < p.nPre * p.nPost; k++) params[p.dOffset + k] = rng.uniform() * 30

  it('round trip: the imported network spikes exactly as the original', async () => {
    const { tree, contents } = nirGraph(plan, params, 'test')
    expect(contents.delayGroups).toBeGreaterThan(10)
    const file = join(tempHome(), 'model.nir')
    writeFileSync(file, await writeH5(tree))
    const back = fromNir(await readH5(file), { dt: 1, steps: 1000 })
    expect(back.spec.dt).toBe(1)
    expect(back.spec.steps).toBe(80)
    const plan2 = compile(back.spec)
    const a = new CpuNetwork(plan), b = new CpuNetwork(plan2)
    a.setParams(params)
    b.setParams(back.params)
    let total = 0
    for (const s of samples(8, 10)) {
      const x = a.forward(s), y = b.forward(s)
      for (let p = 1; p < x.tapes.length; p++) {
        expect(Array.from(y.tapes[p]!.steps.subarray(0, y.tapes[p]!.length))).toEqual(Array.from(x.tapes[p]!.steps.subarray(0, x.tapes[p]!.length)))
        expect(Array.from(y.tapes[p]!.neurons.subarray(0, y.tapes[p]!.length))).toEqual(Array.from(x.tapes[p]!.neurons.subarray(0, x.tapes[p]!.length)))
        total += x.tapes[p]!.length
      }
      expect(Array.from(y.readout)).toEqual(Array.from(x.readout))
    }
    expect(total).toBeGreaterThan(100)
  })

  it('follows NIR\'s layout field by field, as h5py reads it', async () => {
    const file = join(tempHome(), 'model.nir')
    writeFileSync(file, await writeH5(nirGraph(plan, params, 'test').tree))
    const l = oracle<{
      version: string; type: string; version_dtype: { string?: { encoding: string; vlen: boolean } }; type_dtype: { string?: { vlen: boolean } }
      edges: string[][]; edges_dtype: { shape: number[]; string?: { encoding: string; vlen: boolean } }
      nodes: Record<string, { type: string; fields: Record<string, { shape: number[]; dtype: string; compression: string | null; string?: unknown }> }>; metadata: Record<string, string | number>
    }>('nir_layout.py', { path: file })
    expect(l.version).toBe('0.5.0')
    expect(l.type).toBe('NIRGraph')
    for (const d of [l.version_dtype, l.type_dtype, l.edges_dtype]) expect(d.string).toEqual({ encoding: 'utf-8', vlen: true })
    expect(l.edges_dtype.shape).toEqual([l.edges.length, 2])
    expect(l.nodes['input']).toMatchObject({ type: 'Input', fields: { shape: { shape: [1], dtype: '<i8' } } })
    expect(l.nodes['hidden1']!.type).toBe('CubaLIF')
    expect(Object.keys(l.nodes['hidden1']!.fields).sort()).toEqual(['r', 'tau_mem', 'tau_syn', 'type', 'v_leak', 'v_reset', 'v_threshold', 'w_in'])
    expect(l.nodes['hidden1']!.fields['tau_syn']).toMatchObject({ shape: [10], dtype: '<f8', compression: 'gzip' })
    expect(l.nodes['output']!.type).toBe('CubaLI')
    expect(l.nodes['out']).toMatchObject({ type: 'Output', fields: { shape: { shape: [1] } } })
    const linear = Object.entries(l.nodes).filter(([, n]) => n.type === 'Linear')
    expect(linear.length).toBeGreaterThan(10)
    for (const [name, n] of linear) expect(n.fields['weight']!.shape.length, name).toBe(2)
    const delays = Object.entries(l.nodes).filter(([, n]) => n.type === 'Delay')
    for (const [, n] of delays) expect(n.fields['delay']!.shape).toHaveLength(1)
    // a recurrence is a cycle: hidden1 → … → hidden1
    expect(l.edges.some((e) => e[0] === 'hidden1' && e[1]!.includes('hidden1_to_hidden1'))).toBe(true)
    expect(l.edges.some((e) => e[0]!.includes('hidden1_to_hidden1') && e[1] === 'hidden1')).toBe(true)
    expect(l.metadata).toMatchObject({ time_unit: 's', dt: 0.001, readout: 'avg-exp' })
  })

  it('imports a graph written by another tool\'s serialiser (seconds, w_in = 1)', async () => {
    const file = join(tempHome(), 'foreign.nir')
    const w = JSON.parse(execFileSync('/usr/bin/python3', [resolve(import.meta.dirname, '../../scripts/fixtures/nir_foreign.py')], { input: JSON.stringify({ path: file, seed: 2 }), encoding: 'utf8' })) as { w_in: number[][]; w_rec: number[][]; w_out: number[][] }
    const r = fromNir(await readH5(file), { dt: 0.5, steps: 200 })
    expect(r.spec).toMatchObject({ dt: 0.5, steps: 200, inputs: 3, readout: 'avg-exp', output: { size: 2, tauM: 20, tauS: 5 } })
    expect(r.spec.hidden).toEqual([{ size: 4, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'none', recurrentDelay: 'none' }])
    const p = compile(r.spec)
    // NIR's current jumps by w_in·W/τ_syn per spike: our weight, [pre][post]
    const inp = p.projections[0]!
    expect(r.params[inp.wOffset + 1 * 4 + 2]).toBeCloseTo(w.w_in[2]![1]! / 0.005, 9)
    const rec = p.projections[1]!
    expect(r.params[rec.wOffset + 3 * 4 + 0]).toBeCloseTo(w.w_rec[0]![3]! / 0.005, 9)
  })

  it('refuses what Axonal cannot hold, naming the node', async () => {
    const bad = nirGraph(plan, params, 'test').tree
    const nodes = (bad['node'] as Record<string, Record<string, unknown>>)['nodes'] as Record<string, Record<string, { data: unknown; shape?: number[] }>>
    nodes['hidden2']!['type'] = { data: 'Conv2d', shape: [] }
    const file = join(tempHome(), 'bad.nir')
    writeFileSync(file, await writeH5(bad))
    await expect(readH5(file).then((t) => fromNir(t, { dt: 1, steps: 10 }, 'bad.nir'))).rejects.toThrow(/bad\.nir: node hidden2 is a Conv2d/)
    // a weight matrix of the wrong shape
    const wrong = nirGraph(plan, params, 'test').tree
    const wnodes = (wrong['node'] as Record<string, Record<string, unknown>>)['nodes'] as Record<string, Record<string, { data: unknown; shape?: number[] }>>
    const lin = Object.keys(wnodes).find((n) => n.startsWith('linear_hidden2_to_output'))!
    wnodes[lin]!['weight'] = { data: new Float64Array(6), shape: [2, 3] }
    writeFileSync(file, await writeH5(wrong))
    await expect(readH5(file).then((t) => fromNir(t, { dt: 1, steps: 10 }, 'bad.nir'))).rejects.toThrow(new RegExp(`bad\\.nir: node ${lin}: weight is 2×3, but hidden2 → output is 3×7`))
    writeFileSync(file, 'not hdf5 at all')
    await expect(readH5(file, 'bad.nir')).rejects.toThrow(/bad\.nir: not an HDF5 file/)
  })
})

describe('NetX export', () => {
  it('writes ml_genn_netx\'s layout: int8 weights as float32 (out, in), delays 0–62, CUBA neurons', async () => {
    const plan = compile({ ...spec, maxDelay: 30 })
    const params = initParams(plan, init, 4)
    const net = quantise(plan, params)
    const file = join(tempHome(), 'model.net')
    writeFileSync(file, await writeH5(netxTree(net)))
    const py = `
import h5py, json, sys
f = h5py.File(sys.argv[1], 'r')
out = {}
for k in sorted(f['layer'].keys(), key=int):
    g = f['layer'][k]
    d = {'type': g['type'][()].decode(), 'shape': g['shape'][()].tolist()}
    for name in ['weight', 'weight_rec', 'delay', 'delay_rec']:
        if name in g: d[name] = [g[name].dtype.str, list(g[name].shape), float(g[name][()].min()), float(g[name][()].max())]
    if 'neuron' in g: d['neuron'] = {n: (v[()].decode() if isinstance(v[()], bytes) else int(v[()])) for n, v in g['neuron'].items()}
    out[k] = d
print(json.dumps(out))`
    const l = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' })) as Record<string, { type: string; shape: number[]; weight?: [string, number[], number, number]; weight_rec?: [string, number[], number, number]; delay?: [string, number[], number, number]; neuron?: Record<string, string | number> }>
    expect(l['0']).toEqual({ type: 'input', shape: [6] })
    expect(l['1']!.type).toBe('dense_rec')
    expect(l['1']!.weight!.slice(0, 2)).toEqual(['<f4', [10, 6]])
    expect(l['1']!.weight_rec!.slice(0, 2)).toEqual(['<f4', [10, 10]])
    expect(l['1']!.weight![2]).toBeGreaterThanOrEqual(-128)
    expect(l['1']!.weight![3]).toBeLessThanOrEqual(127)
    expect(l['1']!.delay![0]).toBe('<i4')
    expect(l['1']!.delay![3]).toBeLessThanOrEqual(62)
    expect(l['1']!.neuron).toMatchObject({ type: 'CUBA', iDecay: net.layers[0]!.iDecay, vDecay: net.layers[0]!.vDecay, vThMant: net.layers[0]!.lif.vth })
    expect(l['3']!.neuron!['vThMant']).toBe(65536)
    expect(l['2']!.type).toBe('dense')
  })
})
