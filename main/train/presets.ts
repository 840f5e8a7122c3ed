/** The experiment presets shipped in resources/presets, one per paper experiment, validated on load. */
import { settingFields } from './setting-fields'
import { DATASET_KINDS, type DatasetKind, type PresetInfo, trainSettings } from '../../preload/api'
import sequence from '../../resources/presets/sequence.json'
import shdFf from '../../resources/presets/shd-feedforward-no-delays.json'
import shdPos from '../../resources/presets/shd-position-learning.json'
import shdRec from '../../resources/presets/shd-recurrent-delays.json'
import sscFf from '../../resources/presets/ssc-feedforward-delays.json'
import yinyang from '../../resources/presets/yinyang.json'
import yinyangTtfs from '../../resources/presets/yinyang-ttfs.json'
import anySpikes from '../../resources/presets/any-spikes.json'
import shdPosSmall from '../../resources/presets/shd-like-position-small.json'
import eiSmall from '../../resources/presets/shd-like-dale-sparse-small.json'
import shdEi from '../../resources/presets/shd-dale-sparse.json'
import rawhdEi from '../../resources/presets/rawhd-dale-sparse.json'
import shdDcls from '../../resources/presets/shd-dcls.json'
import rawhdDcls from '../../resources/presets/rawhd-dcls.json'
import shdEpDcls from '../../resources/presets/shd-eventprop-dcls-size.json'
import rawhdEpDcls from '../../resources/presets/rawhd-eventprop-dcls-size.json'

const RAW: unknown[] = [yinyang, yinyangTtfs, sequence, shdRec, shdFf, sscFf, shdPos, shdPosSmall, shdEi, eiSmall, rawhdEi, shdDcls, shdEpDcls, rawhdDcls, rawhdEpDcls, anySpikes]

/** Datasets a preset's network fits: SHD's presets also train on the generated SHD-like data. */
const ACCEPTS: Record<PresetInfo['dataset'], DatasetKind[]> = { yinyang: ['yinyang'], sequence: [], shd: ['shd', 'shd-like'], ssc: ['ssc'], rawhd: ['rawhd'], any: [...DATASET_KINDS] }

/**
 * The generic preset's time axis, fitted to a dataset whose longest sample lasts `duration` ms:
 * 250 steps of a round dt over 1.1× the duration, delays up to a fifth of it. Settings the user
 * set explicitly (`overridden`) are kept.
 */
export function fitToDuration(settings: PresetInfo['settings'], duration: number, overridden: (path: string) => boolean): void {
  const span = 1.1 * Math.max(duration, 1)
  const dt = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10].find((x) => span / x <= 250) ?? 10
  const n = settings.network
  if (!overridden('network.dt')) n.dt = dt
  if (!overridden('network.steps')) n.steps = Math.ceil(span / n.dt)
  if (!overridden('network.maxDelay')) n.maxDelay = Number((Math.round((0.2 * duration) / n.dt) * n.dt).toFixed(6))
  if (!overridden('init.delay.feedforward')) settings.init.delay.feedforward = n.maxDelay / 2
}

export const PRESETS: PresetInfo[] = RAW.map((raw) => {
  const p = raw as Omit<PresetInfo, 'accepts' | 'fields'>
  const parsed = trainSettings.safeParse(p.settings)
  if (!parsed.success) throw new Error(`preset ${p.id}: ${parsed.error.message}`)
  return { ...p, accepts: ACCEPTS[p.dataset], settings: parsed.data, fields: settingFields(trainSettings, parsed.data) }
})

export function preset(id: string): PresetInfo {
  const p = PRESETS.find((x) => x.id === id)
  if (!p) throw new Error(`unknown preset "${id}"; presets: ${PRESETS.map((x) => x.id).join(', ')}`)
  return p
}

/**
 * Applies dotted-path overrides ("epochs", "lr.weight", "network.hidden.0.size") to a copy of the
 * settings. A path must name an existing leaf and keep its type; the result is validated again.
 */
export function withOverrides(settings: PresetInfo['settings'], overrides: Record<string, number | string | boolean>): PresetInfo['settings'] {
  const copy = structuredClone(settings) as unknown as Record<string, unknown>
  for (const [path, raw] of Object.entries(overrides)) {
    const keys = path.split('.')
    let node: Record<string, unknown> = copy
    for (const k of keys.slice(0, -1)) {
      const next = node[k]
      if (next === null || typeof next !== 'object') throw new Error(`--set ${path}: no setting "${k}" here`)
      node = next as Record<string, unknown>
    }
    const leaf = keys.at(-1)!
    if (!(leaf in node)) throw new Error(`--set ${path}: no such setting`)
    const old = node[leaf]
    node[leaf] = coerce(path, old, raw)
  }
  const parsed = trainSettings.safeParse(copy)
  if (!parsed.success) throw new Error(`invalid settings after overrides: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return parsed.data
}

function coerce(path: string, old: unknown, raw: number | string | boolean): unknown {
  if (typeof old === 'number') {
    const n = typeof raw === 'number' ? raw : Number(raw)
    if (!Number.isFinite(n)) throw new Error(`--set ${path}: "${String(raw)}" is not a number`)
    return n
  }
  if (typeof old === 'boolean') {
    if (typeof raw === 'boolean') return raw
    if (raw === 'true' || raw === 'false') return raw === 'true'
    throw new Error(`--set ${path}: "${String(raw)}" is not true or false`)
  }
  if (typeof old === 'string') return String(raw)
  throw new Error(`--set ${path}: names a group of settings, not one value`)
}
