/** `axonal ei <run>`: E/I statistics of a run's receptive fields (main/ei) as text or JSON. */
import type { CallName, Input, Output } from '../../preload/api'
import { type Parsed, UsageError } from './args'

type Call = <K extends CallName>(name: K, input: Input<K>) => Promise<Output<K>>

export async function eiCommand(call: Call, runArg: string | undefined, args: Parsed, json: boolean): Promise<number> {
  const runId = Number(runArg)
  if (!Number.isInteger(runId) || runId <= 0) throw new UsageError(`ei: expected a run id, got "${runArg ?? ''}"`)
  const epochArg = args.options.get('epoch'), checkpoint = args.options.get('checkpoint') ?? 'best'
  if (checkpoint !== 'best' && checkpoint !== 'latest') throw new UsageError(`--checkpoint ${checkpoint}: expected best or latest`)
  let at: number | 'best' | 'latest' = checkpoint
  if (epochArg !== undefined) {
    at = Number(epochArg)
    if (!Number.isInteger(at) || at < 1) throw new UsageError(`--epoch ${epochArg}: expected an epoch number from 1`)
  }
  const num = (name: string): number | undefined => {
    const v = args.options.get(name)
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isFinite(n)) throw new UsageError(`--${name} ${v}: expected a number`)
    return n
  }
  const keepPct = num('keep')
  if (keepPct !== undefined && !(keepPct > 0 && keepPct <= 100)) throw new UsageError(`--keep ${keepPct}: expected a percentage in (0, 100]`)
  const a = await call('ei.analyse', {
    runId, at, fields: false,
    ...(keepPct !== undefined ? { keep: keepPct / 100 } : {}),
    ...(num('delay-bins') !== undefined ? { delayBins: num('delay-bins')! } : {}),
    ...(num('bands') !== undefined ? { channelBands: num('bands')! } : {})
  })
  if (json) {
    console.log(JSON.stringify({ ...a, fields: undefined, pruned: a.pruned ? { ...a.pruned, fields: undefined } : null }, null, 2))
    return 0
  }
  const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '–')
  const f = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '–')
  const label = typeof a.at === 'number' ? `epoch ${a.epoch}` : `${a.at} checkpoint, epoch ${a.epoch}`
  console.log(`run ${runId}, ${label}: inputs ${a.inputs} → ${a.neurons} hidden neurons, delays ${a.projection.delayMode}`)
  console.log(`Dale\t${a.projection.dale ? `on, ${pct(a.projection.excitatoryInputs ?? NaN)} of inputs excitatory` : 'off'}`)
  console.log(`synapses\t${a.synapses.present} of ${a.synapses.total} present (${pct(a.synapses.present / a.synapses.total)}; density setting ${a.projection.density})`)
  console.log(`excitatory\t${a.synapses.excitatory} synapses, Σ|w| ${f(sum(a.population.excitatoryByDelay))}`)
  console.log(`inhibitory\t${a.synapses.inhibitory} synapses, Σ|w| ${f(sum(a.population.inhibitoryByDelay))}`)
  const share = a.population.excitatoryShare.filter(Number.isFinite)
  console.log(`E share of input per neuron\tmean ${pct(sum(share) / Math.max(1, share.length))}, min ${pct(Math.min(...share))}, max ${pct(Math.max(...share))}`)
  console.log(`E/I grouping\t${f(a.population.grouping)} same-sign neighbours in channel × delay vs ${f(a.population.groupingNull)} shuffled`)
  console.log('E/I balance (E − I)/(E + I) by delay bin:')
  a.population.balanceByDelay.forEach((b, d) => console.log(`  ${f(a.delayEdges[d]!, 1)}–${f(a.delayEdges[d + 1]!, 1)} ms\t${f(b)}`))
  console.log(`E/I balance by channel band (${a.channelBands} bands): ${a.population.balanceByChannel.map((b) => f(b, 2)).join(' ')}`)
  if (a.pruned) {
    const s = a.pruned.survival
    console.log(`pruned to ${pct(a.pruned.keep)} by |w|: grouping ${f(a.pruned.population.grouping)} vs ${f(a.pruned.population.groupingNull)} shuffled; balance maps correlate with the full network's r = ${f(s.byDelay)} (delay), ${f(s.byChannel)} (channel), fields r = ${f(s.fields)}`)
  }
  if (a.rewiring.length) {
    console.log('rewiring per epoch (removed / regrown / neurons without input):')
    for (const e of a.rewiring) console.log(`  epoch ${e.epoch}\t${e.removed} / ${e.regrown} / ${e.disconnected}`)
  }
  for (const n of a.notes) console.log(`note: ${n}`)
  return 0
}

function sum(a: number[]): number {
  return a.reduce((s, x) => s + x, 0)
}
