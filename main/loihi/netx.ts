/**
 * lava-dl NetX HDF5 of a quantised network, as ml_genn_netx writes it (research/loihi.md §6.2):
 * /layer/0 the input; then per layer "dense" (or "dense_rec" with weight_rec), int8 weights as
 * float32 (n_out, n_in), per-synapse delays int32 (0–62), and neuron/ CUBA with iDecay, vDecay,
 * vThMant; the output LI as CUBA that never fires (vThMant 2^16). A tree for main/interop. No I/O.
 */
import type { H5Dataset, H5Tree } from '../interop/h5tree'
import type { LoihiNetwork, LoihiProjection } from './quantise'

const transpose = (p: LoihiProjection, m: Int32Array, as: 'f4' | 'i4'): H5Dataset => {
  const out = as === 'f4' ? new Float32Array(p.nPre * p.nPost) : new Int32Array(p.nPre * p.nPost)
  for (let i = 0; i < p.nPre; i++) for (let j = 0; j < p.nPost; j++) out[j * p.nPre + i] = m[i * p.nPost + j]!
  return { data: out, shape: [p.nPost, p.nPre], gzip: true }
}

export function netxTree(net: LoihiNetwork): H5Tree {
  const layer: H5Tree = { '0': { shape: { data: BigInt64Array.of(BigInt(net.inputs)), shape: [1] }, type: { data: 'input', dtype: 'S10', shape: [] } } }
  net.layers.forEach((l, k) => {
    const ff = net.projections.find((p) => p.post === l.population && p.pre !== l.population)!
    const rec = net.projections.find((p) => p.post === l.population && p.pre === l.population)
    const node: H5Tree = {
      shape: { data: BigInt64Array.of(BigInt(l.size)), shape: [1] },
      type: { data: rec ? 'dense_rec' : 'dense', dtype: 'S10', shape: [] },
      weight: transpose(ff, ff.int8, 'f4'),
      neuron: {
        type: { data: 'CUBA', dtype: 'S10', shape: [] },
        iDecay: { data: Int32Array.of(l.iDecay), shape: [] },
        vDecay: { data: Int32Array.of(l.vDecay), shape: [] },
        vThMant: { data: Int32Array.of(l.lif.vth), shape: [] },
        refDelay: { data: Int32Array.of(0), shape: [] },
        gradedSpike: { data: Uint8Array.of(0), shape: [] }
      }
    }
    if (ff.maxDelay > 0) node['delay'] = transpose(ff, ff.delays, 'i4')
    if (rec) {
      node['weight_rec'] = transpose(rec, rec.int8, 'f4')
      if (rec.maxDelay > 0) node['delay_rec'] = transpose(rec, rec.delays, 'i4')
    }
    layer[String(k + 1)] = node
  })
  return {
    layer,
    simulation: { Ts: { data: Float64Array.of(1), shape: [] }, tSample: { data: BigInt64Array.of(BigInt(net.steps)), shape: [] } }
  }
}
