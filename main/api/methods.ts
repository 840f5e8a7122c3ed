/** EventProp against DCLS on the user's data: both runs prepared and checked here, trained by one compare-methods job. */
import type { Handlers } from '../../preload/api'
import { version } from '../../package.json'
import { preset } from '../train/presets'
import type { ApiContext } from './context'
import { prepareRun } from './runs'

type MethodHandlers = Pick<Handlers, 'methods.compare'>

/** The equal-size pair of presets for a kind of dataset. */
const PAIRS: Record<string, [string, string]> = {
  shd: ['shd-eventprop-dcls-size', 'shd-dcls'], 'shd-like': ['shd-eventprop-dcls-size', 'shd-dcls'], rawhd: ['rawhd-eventprop-dcls-size', 'rawhd-dcls']
}

export function methodHandlers({ store, jobs, bus }: ApiContext): MethodHandlers {
  return {
    'methods.compare': ({ datasetId, epochs, eventprop, dcls, overrides, threads }) => {
      const d = store.datasets.get(datasetId)
      const pair = PAIRS[d.kind]
      const ep = eventprop ?? pair?.[0], dc = dcls ?? pair?.[1]
      if (!ep || !dc) throw new Error(`dataset ${datasetId} is ${d.kind}: name the presets (eventprop and dcls); equal-size pairs exist for ${Object.keys(PAIRS).join(', ')}`)
      if (preset(ep).settings.method !== 'eventprop') throw new Error(`preset ${ep} does not train with EventProp`)
      if (preset(dc).settings.method !== 'dcls') throw new Error(`preset ${dc} does not train with DCLS`)
      // the same inputs for both: DCLS does not pool channels here unless asked
      const a = prepareRun(store, ep, datasetId, { ...overrides, epochs, threads })
      const b = prepareRun(store, dc, datasetId, { 'dcls.channelPool': 1, ...overrides, epochs })
      const sizes = (s: typeof a.settings) => [s.network.inputs, ...s.network.hidden.map((h) => h.size), s.network.output.size].join(' → ')
      if (sizes(a.settings) !== sizes(b.settings)) throw new Error(`the presets train different networks: ${sizes(a.settings)} (EventProp) vs ${sizes(b.settings)} (DCLS)`)
      const make = (x: typeof a, method: string) => store.runs.create({
        name: `${method}: ${x.p.title} (seed ${x.settings.seed})`, preset: x.p.id, datasetId: x.dataset, settings: x.settings, seed: x.settings.seed, codeVersion: version, backend: 'cpu'
      })
      const r1 = make(a, 'EventProp'), r2 = make(b, 'DCLS')
      const job = jobs.submit('compare-methods', { runIds: [r1.id, r2.id] })
      for (const r of [r1, r2]) {
        store.runs.setJob(r.id, job.id)
        bus.emit('runs.changed', { id: r.id })
      }
      return { job, runIds: [r1.id, r2.id] }
    }
  }
}
