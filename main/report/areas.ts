/**
 * Reports of the lab's analyses: a sweep (mean ± sd over seeds per setting), a Space analysis and
 * a Loihi 2 deployment, each from what its area computes. No I/O.
 */
import type { AttackReport, EiAnalysis, LoihiReport, SpaceAnalysis, SweepAggregate, SweepDetail } from '../../preload/api'
import type { ReportDocument } from './document'
import { lineFigure, matrixFigure, signedMatrixFigure } from './figures'

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(2)} %`)
const num = (x: number | null | undefined, d = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d))

export function sweepReport(s: SweepDetail, figures: SweepAggregate[], made: [string, string][]): ReportDocument {
  return {
    kind: 'sweep', title: `Sweep #${s.id}: ${s.name}`,
    facts: [['Preset', s.spec.preset], ['Dataset', s.spec.datasetId !== undefined ? `#${s.spec.datasetId}` : '–'], ['Grid', Object.entries(s.spec.grid).map(([k, v]) => `${k} ∈ {${v.join(', ')}}`).join('; ') || '–'], ['Seeds', s.spec.seeds.join(', ')], ['Where', s.runner], ['State', `${s.state}: ${Object.entries(s.counts).map(([k, v]) => `${v} ${k}`).join(', ')}`], ...made],
    sections: [
      ...figures.map((f) => ({
        id: `by-${f.x}`, title: `Test accuracy against ${f.x}`, blocks: [{
          kind: 'figure' as const, figure: lineFigure(`sweep-${f.x}`, `Test accuracy against ${f.x}: mean ± sd over seeds`, f.series.map((c) => ({
            name: c.condition, points: c.points.map((p) => ({ x: typeof p.x === 'number' ? p.x : f.xValues.findIndex((v) => String(v) === String(p.x)), y: 100 * p.mean, sd: 100 * p.sd }))
          })), typeof f.xValues[0] === 'number' ? f.x : `${f.x} (${f.xValues.map((v, i) => `${i} = ${String(v)}`).join(', ')})`, 'test accuracy (%)')
        }, { kind: 'table' as const, head: ['condition', f.x, 'mean', 'sd', 'seeds'], rows: f.series.flatMap((c) => c.points.map((p) => [c.condition, String(p.x), pct(p.mean), pct(p.sd), p.n])) }]
      })),
      { id: 'grid', title: 'Every run', blocks: [{ kind: 'table', head: ['#', 'point', 'state', 'run', 'epochs', 'test', 'best validation'], rows: s.grid.map((p) => [p.index, p.label, p.state, p.runId ?? '–', p.epochsDone, pct(p.testAccuracy), pct(p.bestValidationAccuracy)]) }] }
    ],
    data: { sweep: s, figures }
  }
}

export function spaceReport(a: SpaceAnalysis, runName: string, made: [string, string][]): ReportDocument {
  const m = a.measures
  return {
    kind: 'space', title: `Space analysis of run #${a.runId}: ${runName}`,
    facts: [['Checkpoint', `epoch ${a.epoch}`], ['Layer', `hidden ${a.layer}: ${a.n} neurons ${a.positioned ? `in ${a.dims}-D` : 'without positions'}`], ['Nulls', `${a.nulls.clustering} clustering, ${a.nulls.efficiency} efficiency, ${a.nulls.spatial} spatial`], ...made],
    sections: [
      { id: 'measures', title: 'Measures', blocks: [...a.notes.map((n) => ({ kind: 'text' as const, text: n })), {
        kind: 'table', head: ['measure', 'value', 'against its null'], rows: [
          ['wiring cost Σ|w|·d', num(m.wiringCost, 4), m.wiringCostRatio === null ? '–' : `× ${num(m.wiringCostRatio)} of permuted positions`],
          ['wiring efficiency', num(m.wiringEfficiency), ''], ['modularity (Louvain)', num(m.modularity), `${m.communities} communities`],
          ['clustering (Fagiolo)', num(m.clustering, 4), `× ${num(m.clusteringRatio)} of shuffled weights`],
          ['global efficiency', num(m.efficiency, 4), `× ${num(m.efficiencyRatio)} of shuffled weights`],
          ['specialisation R² (in-sample)', num(m.specialisationR2), m.specialisationR2HeldOut === null ? '' : `held out ${num(m.specialisationR2HeldOut)}`]
        ]
      }] },
      { id: 'lengths', title: 'Connection lengths', blocks: [{ kind: 'figure', figure: lineFigure('lengths', 'Synapses by length', [{ name: 'synapses', points: a.lengthHistogram.synapses.map((c, b) => ({ x: (a.lengthHistogram.edges[b]! + a.lengthHistogram.edges[b + 1]!) / 2, y: c })) }], a.lengthHistogram.of === 'delay' ? 'delay (ms)' : 'distance (position units)', 'synapses') }] }
    ],
    data: { ...a, positions: Array.from(a.positions), weights: undefined, delays: undefined, communities: Array.from(a.communities) }
  }
}

export function eiReport(a: EiAnalysis, runName: string, made: [string, string][]): ReportDocument {
  const p = a.population
  const mid = (e: number[], k: number): number => (e[k]! + e[k + 1]!) / 2
  // the population's field: Σ over neurons of the signed cells, band × delay bin
  const B = a.channelBands, D = a.delayBins
  const map = Array.from({ length: B }, (_, b) => Array.from({ length: D }, (_, d) => {
    let s = 0
    for (let j = 0; j < a.neurons; j++) s += a.fields[(j * B + b) * D + d] ?? 0
    return s
  }))
  const sum = (x: number[]): number => x.reduce((t, v) => t + v, 0)
  return {
    kind: 'ei', title: `E/I structure of run #${a.runId}: ${runName}`,
    facts: [
      ['Analysed', `${typeof a.at === 'number' ? 'snapshot' : `${a.at} checkpoint`}, epoch ${a.epoch}`],
      ['Projection', `${a.inputs} inputs → ${a.neurons} hidden neurons, delays ${a.projection.delayMode}`],
      ['Dale', a.projection.dale ? `on, ${pct(a.projection.excitatoryInputs)} of inputs excitatory` : 'off (signs by weight)'],
      ['Synapses', `${a.synapses.present} of ${a.synapses.total} present (density setting ${a.projection.density}); ${a.synapses.excitatory} E, ${a.synapses.inhibitory} I`],
      ...made
    ],
    sections: [
      { id: 'summary', title: 'Excitation and inhibition', blocks: [...a.notes.map((n) => ({ kind: 'text' as const, text: n })), {
        kind: 'table', head: ['measure', 'value', 'against'], rows: [
          ['E/I grouping (same-sign neighbours in channel × delay)', num(p.grouping), `${num(p.groupingNull)} with each neuron's cells shuffled`],
          ['Σ|w| excitatory', num(sum(p.excitatoryByDelay)), ''], ['Σ|w| inhibitory', num(sum(p.inhibitoryByDelay)), ''],
          ...(a.pruned ? [[`pruned to ${pct(a.pruned.keep)} by |w|: grouping`, num(a.pruned.population.grouping), `${num(a.pruned.population.groupingNull)} shuffled`],
            ['pruned: balance maps correlate with the full network\'s', `r = ${num(a.pruned.survival.byDelay)} (delay), ${num(a.pruned.survival.byChannel)} (channel)`, `fields r = ${num(a.pruned.survival.fields)}`]] : [])
        ]
      }, { kind: 'figure', figure: signedMatrixFigure('ei-map', 'Population receptive field: Σ signed weights by channel band and delay (E orange, I blue)', map,
        a.bandEdges.slice(0, -1).map((e, b) => `ch ${e}–${a.bandEdges[b + 1]! - 1}`), a.delayEdges.slice(0, -1).map((e, d) => `${num(e, 0)}–${num(a.delayEdges[d + 1], 0)}`), 'delay (ms)', 'input channel band') }] },
      { id: 'by-delay', title: 'By delay and channel band', blocks: [
        { kind: 'figure', figure: lineFigure('ei-delay', 'Excitation and inhibition by delay', [
          { name: 'excitatory Σ|w|', points: p.excitatoryByDelay.map((v, k) => ({ x: mid(a.delayEdges, k), y: v })) },
          { name: 'inhibitory Σ|w|', points: p.inhibitoryByDelay.map((v, k) => ({ x: mid(a.delayEdges, k), y: v })) }], 'delay (ms)', 'Σ|w|') },
        { kind: 'figure', figure: lineFigure('ei-balance-channel', 'E/I balance (E − I)/(E + I) by channel band', [{ name: 'balance', points: p.balanceByChannel.map((v, k) => ({ x: mid(a.bandEdges, k), y: v })) }], 'input channel', 'balance') }
      ] },
      ...(a.rewiring.length ? [{ id: 'rewiring', title: 'Rewiring', blocks: [
        { kind: 'figure' as const, figure: lineFigure('ei-rewiring', 'Synapses removed and regrown per epoch', [
          { name: 'removed', points: a.rewiring.map((e) => ({ x: e.epoch, y: e.removed })) }, { name: 'regrown', points: a.rewiring.map((e) => ({ x: e.epoch, y: e.regrown })) }], 'epoch', 'synapses') },
        { kind: 'table' as const, head: ['epoch', 'removed', 'regrown', 'Dale weights clipped', 'neurons without input'], rows: a.rewiring.map((e) => [e.epoch, e.removed, e.regrown, e.clipped, e.disconnected]) }
      ] }] : [])
    ],
    data: { ...a, fields: undefined, pruned: a.pruned ? { ...a.pruned, fields: undefined } : null, populationField: map }
  }
}

export function loihiReport(r: LoihiReport, runName: string, made: [string, string][]): ReportDocument {
  const c = r.cost
  return {
    kind: 'loihi', title: `Run #${r.runId} on Loihi 2 (emulated): ${runName}`,
    facts: [['Checkpoint', `epoch ${r.epoch}`], ['Split', `${r.split}, ${r.samples} samples`], ['Board', `${r.mapping.cores.length} cores on ${r.mapping.chips} chip(s): ${r.mapping.board ?? '–'}`], ...made],
    sections: [
      { id: 'accuracy', title: 'Accuracy: float vs emulated', blocks: [{ kind: 'table', head: ['', 'float', 'emulated'], rows: [['all', pct(r.accuracy.float), pct(r.accuracy.emulated)], ...r.perClass.map((p) => [`${p.name} (${p.samples})`, pct(p.float), pct(p.emulated)])] },
        { kind: 'figure', figure: matrixFigure('loihi-spikes', 'Spikes per sample by layer (float, emulated)', r.spikes.map((s) => [Math.round(s.float), Math.round(s.emulated)]), r.spikes.map((s) => s.layer), ['float', 'emulated'], 'model', 'layer') }] },
      { id: 'quantisation', title: 'Quantisation', blocks: [
        { kind: 'table', head: ['layer', 'neurons', 'du', 'dv', 'vth', 'scale'], rows: r.layers.map((l) => [l.name, `${l.size} ${l.kind}`, l.du, l.dv, l.vth, `2^${l.scaleExp}`]) },
        { kind: 'table', head: ['synapses', 'count', 'RMS error', 'saturated', 'rounded to 0', 'max delay (steps)'], rows: r.projections.map((p) => [p.name, p.synapses, `${(100 * p.relativeRms).toFixed(2)} %`, p.clipped, p.zeroed, p.maxDelay]) }
      ] },
      { id: 'cost', title: 'Cost per sample (model estimate beside measured Jetson Orin Nano rows)', blocks: [{ kind: 'table', head: ['', 'latency', 'dynamic energy', 'total energy'], rows: [
        ['Loihi 2, this run (estimate)', `${(1e3 * c.seconds).toPrecision(3)} ms`, `${(1e3 * c.dynamicJoules).toPrecision(3)} mJ`, `${(1e3 * c.totalJoules).toPrecision(3)} mJ`],
        ...r.jetson.map((j) => [`Jetson Orin Nano, ${j.model}, batch ${j.batch} (arXiv ${j.paper})`, `${j.latencyMs} ms`, `${j.dynamicMj ?? '–'} mJ`, `${j.totalMj ?? '–'} mJ`])
      ] }, { kind: 'table', head: ['constant', 'value', 'source'], rows: Object.entries(r.costModel).map(([k, v]) => [k, `${v.value} ${v.unit}`, v.source]) }] }
    ],
    data: r
  }
}

export function attackReport(r: AttackReport, jobId: number, made: [string, string][]): ReportDocument {
  const eps = r.curves[0]?.points.map((p) => p.eps) ?? []
  return {
    kind: 'attack', title: `Robustness: ${r.attack} on ${r.runId !== null ? `run #${r.runId}` : `dataset #${r.datasetId}`}`,
    facts: [['Attack job', `#${jobId}`], ['Attack', `${r.attack}${['fgsm', 'ifgsm', 'pgd', 'noise'].includes(r.attack) ? ` (${r.norm})` : ''}`], ['Samples', `${r.samples} (${r.split})`], ['Seed', String(r.seed)], ...made],
    sections: [
      { id: 'curves', title: 'Accuracy under attack', blocks: [
        { kind: 'figure', figure: lineFigure('attack', 'Accuracy against ε', r.curves.map((c) => ({ name: c.model, points: c.points.map((p) => ({ x: p.eps, y: 100 * p.accuracy })) })), 'ε (the attack\'s own unit)', 'accuracy (%)') },
        { kind: 'table', head: ['model', ...eps.map((e) => `ε ${e}`)], rows: r.curves.map((c) => [c.model, ...c.points.map((p) => pct(p.accuracy))]) },
        { kind: 'table', head: ['model', 'ε', 'perturbation used', 'right answers flipped'], rows: r.curves.flatMap((c) => c.points.map((p) => [c.model, p.eps, num(p.meanPerturbation, 4), pct(p.success)])) }
      ] }
    ],
    data: r
  }
}
