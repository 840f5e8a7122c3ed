/**
 * The Loihi 2 panel of the Device area (main/loihi): quantise and map a run at once, emulate it on
 * a split as a job, export it as NIR or NetX, and import a NIR graph as a run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { version } from '../../package.json'
import { type Handlers, trainSettings } from '../../preload/api'
import { readH5, writeH5 } from '../interop/h5tree'
import { loihiCheckpoint } from '../jobs/kinds/loihi-run'
import { netxTree } from '../loihi/netx'
import { fromNir, nirGraph } from '../loihi/nir'
import { quantise } from '../loihi/quantise'
import { describeQuantisation } from '../loihi/report'
import { compile } from '../snn/model'
import { preset } from '../train/presets'
import type { ApiContext } from './context'

type LoihiHandlers = Pick<Handlers, 'loihi.quantise' | 'loihi.emulate' | 'loihi.export' | 'loihi.importNir'>

export function loihiHandlers({ store, jobs, bus }: ApiContext): LoihiHandlers {
  return {
    'loihi.quantise': (p) => {
      const { plan, ckpt } = loihiCheckpoint(store, p.runId, p.checkpoint)
      const net = quantise(plan, ckpt.params, { percentile: p.percentile, delays: p.delays, maxClipped: 0.05 })
      return { runId: p.runId, epoch: ckpt.epoch + 1, ...describeQuantisation(net) }
    },
    'loihi.emulate': (p) => {
      // refuse at once what the job would refuse later
      const { plan, ckpt } = loihiCheckpoint(store, p.runId, p.checkpoint)
      quantise(plan, ckpt.params, { percentile: p.percentile, delays: p.delays, maxClipped: 0.05 })
      return jobs.submit('loihi-emulate', p)
    },
    'loihi.export': async (p) => {
      const { plan, ckpt } = loihiCheckpoint(store, p.runId, p.checkpoint)
      if (p.format === 'nir') {
        const { tree, contents } = nirGraph(plan, ckpt.params, `Axonal ${version}, run ${p.runId}`)
        return { fileName: `run-${p.runId}.nir`, bytes: await writeH5(tree), contents: contents.description }
      }
      const net = quantise(plan, ckpt.params, { percentile: p.percentile, delays: p.delays, maxClipped: 0.05 })
      return {
        fileName: `run-${p.runId}.net`, bytes: await writeH5(netxTree(net)),
        contents: `A lava-dl NetX network (HDF5): ${net.layers.length} CUBA layers with int8 weights (per-layer scale 2^${net.layers.map((l) => Math.log2(l.scale)).join(', 2^')}), per-synapse delays of 0–62 steps, as ml_genn_netx writes it.`
      }
    },
    'loihi.importNir': async (p) => {
      const d = store.datasets.get(p.datasetId)
      let path = p.path, dir: string | null = null
      if (p.bytes) {
        dir = mkdtempSync(join(tmpdir(), 'axonal-nir-'))
        path = join(dir, 'upload.nir')
        writeFileSync(path, p.bytes)
      }
      try {
        const label = p.path ?? p.fileName
        const { spec, params, notes } = fromNir(await readH5(path!, label), { dt: p.dt, steps: p.steps }, label)
        if (spec.inputs !== d.numChannels) throw new Error(`${label}: the graph takes ${spec.inputs} inputs, but dataset ${d.id} has ${d.numChannels} channels`)
        if (spec.output.size !== d.numClasses) throw new Error(`${label}: the graph has ${spec.output.size} outputs, but dataset ${d.id} has ${d.numClasses} classes`)
        compile(spec)
        const base = preset('any-spikes').settings
        const settings = trainSettings.parse({ ...base, network: spec, epochs: 1 })
        // the run and its checkpoint together, or nothing
        const run = store.db.transaction(() => {
          const r = store.runs.create({ name: p.name ?? `Imported from ${label.split('/').at(-1)}`, preset: 'any-spikes', datasetId: d.id, settings, seed: settings.seed, codeVersion: version, backend: 'cpu' })
          const zeros = new Float64Array(params.length)
          store.runs.saveEpoch(r.id, 0, [], { epoch: 0, params, adam: { step: 0, m: zeros, v: zeros }, state: { rng: [0, 0, 0, 0], bestAccuracy: 0, sinceBest: 0 } }, true)
          store.runs.setState(r.id, 'done', { result: { imported: label, notes } })
          return r
        })()
        bus.emit('runs.changed', { id: run.id })
        return { run: store.runs.get(run.id), notes }
      } finally {
        if (dir) rmSync(dir, { recursive: true, force: true })
      }
    }
  }
}
