/**
 * Report figures as SVG strings: d3's scales, ticks and shapes, no DOM, so the same code runs in
 * main (HTML and PDF reports, the CLI) and the result opens anywhere. One colour-blind-safe
 * palette (Okabe–Ito), units on every axis, and each figure's data as rows for its CSV. No I/O.
 */
import { extent, line, scaleBand, scaleLinear } from 'd3'

export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442']

export interface Figure {
  id: string
  title: string
  svg: string
  /** The plotted data: a header row, then one row per point. */
  rows: (string | number)[][]
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const W = 520, H = 240, P = { l: 52, r: 14, t: 12, b: 40 }
const fmt = (x: number): string => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(1) : String(Number(x.toPrecision(4))))

function frame(title: string, body: string, xLabel: string, yLabel: string, legend: { name: string; colour: string }[] = []): string {
  const items = legend.map((l, i) => `<g transform="translate(${P.l + (i % 3) * 160},${H + 8 + Math.floor(i / 3) * 14})"><rect width="10" height="10" fill="${l.colour}"/><text x="14" y="9" font-size="10">${esc(l.name)}</text></g>`).join('')
  const h = H + (legend.length ? 12 + Math.ceil(legend.length / 3) * 14 : 0)
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${esc(title)}" font-family="sans-serif">` +
    `${body}<text x="${(P.l + W - P.r) / 2}" y="${H - 6}" text-anchor="middle" font-size="11">${esc(xLabel)}</text>` +
    `<text transform="translate(13,${(P.t + H - P.b) / 2}) rotate(-90)" text-anchor="middle" font-size="11">${esc(yLabel)}</text>${items}</svg>`
}

function axes(x: { ticks(n: number): number[]; (v: number): number }, y: { ticks(n: number): number[]; (v: number): number }): string {
  const xt = x.ticks(6).map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${H - P.b}" y2="${H - P.b + 4}" stroke="#333"/><text x="${x(t)}" y="${H - P.b + 15}" text-anchor="middle" font-size="10">${fmt(t)}</text>`).join('')
  const yt = y.ticks(5).map((t) => `<line x1="${P.l}" x2="${W - P.r}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e5e5"/><text x="${P.l - 5}" y="${y(t) + 3}" text-anchor="end" font-size="10">${fmt(t)}</text>`).join('')
  return `${yt}<line x1="${P.l}" x2="${W - P.r}" y1="${H - P.b}" y2="${H - P.b}" stroke="#333"/><line x1="${P.l}" x2="${P.l}" y1="${P.t}" y2="${H - P.b}" stroke="#333"/>${xt}`
}

export interface LineSeries { name: string; points: { x: number; y: number; sd?: number }[]; dashed?: boolean }

export function lineFigure(id: string, title: string, series: LineSeries[], xLabel: string, yLabel: string): Figure {
  const all = series.flatMap((s) => s.points)
  const spans = all.flatMap((p) => [p.y - (p.sd ?? 0), p.y + (p.sd ?? 0)])
  const x = scaleLinear().domain(all.length ? (extent(all, (p) => p.x) as [number, number]) : [0, 1]).nice().range([P.l, W - P.r])
  const y = scaleLinear().domain(all.length ? (extent(spans) as [number, number]) : [0, 1]).nice().range([H - P.b, P.t])
  const path = line<{ x: number; y: number }>().x((p) => x(p.x)).y((p) => y(p.y))
  const body = series.map((s, i) => {
    const c = PALETTE[i % PALETTE.length]!
    const bars = s.points.filter((p) => p.sd !== undefined).map((p) => `<line x1="${x(p.x)}" x2="${x(p.x)}" y1="${y(p.y - p.sd!)}" y2="${y(p.y + p.sd!)}" stroke="${c}"/>`).join('')
    return s.points.length ? `<path d="${path(s.points)}" fill="none" stroke="${c}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>${bars}` : ''
  }).join('')
  const hasSd = all.some((p) => p.sd !== undefined)
  return {
    id, title, svg: frame(title, axes(x, y) + body, xLabel, yLabel, series.map((s, i) => ({ name: s.name, colour: PALETTE[i % PALETTE.length]! }))),
    rows: [['series', xLabel, yLabel, ...(hasSd ? ['sd'] : [])], ...series.flatMap((s) => s.points.map((p) => [s.name, p.x, p.y, ...(hasSd ? [p.sd ?? 0] : [])]))]
  }
}

/** A matrix as coloured cells (confusion matrix: rows true class, columns predicted). */
export function matrixFigure(id: string, title: string, m: number[][], rowLabels: string[], colLabels: string[], xLabel: string, yLabel: string): Figure {
  const n = m.length, k = m[0]?.length ?? 0
  const x = scaleBand<number>().domain([...Array(k).keys()]).range([P.l, W - P.r]), y = scaleBand<number>().domain([...Array(n).keys()]).range([P.t, H - P.b])
  const top = Math.max(1, ...m.flat())
  const cells = m.flatMap((row, i) => row.map((v, j) => {
    const t = v / top
    return `<rect x="${x(j)}" y="${y(i)}" width="${x.bandwidth()}" height="${y.bandwidth()}" fill="rgb(${Math.round(255 - 255 * t)},${Math.round(255 - 141 * t)},${Math.round(255 - 77 * t)})"><title>${esc(rowLabels[i] ?? '')} → ${esc(colLabels[j] ?? '')}: ${v}</title></rect>` +
      (k <= 12 ? `<text x="${x(j)! + x.bandwidth() / 2}" y="${y(i)! + y.bandwidth() / 2 + 3}" text-anchor="middle" font-size="9" fill="${t > 0.5 ? '#fff' : '#000'}">${v}</text>` : '')
  })).join('')
  const labels = (k <= 20 ? colLabels.map((l, j) => `<text x="${x(j)! + x.bandwidth() / 2}" y="${H - P.b + 12}" text-anchor="middle" font-size="8">${esc(l.slice(0, 6))}</text>`).join('') : '') +
    (n <= 20 ? rowLabels.map((l, i) => `<text x="${P.l - 4}" y="${y(i)! + y.bandwidth() / 2 + 3}" text-anchor="end" font-size="8">${esc(l.slice(0, 8))}</text>`).join('') : '')
  return { id, title, svg: frame(title, cells + labels, xLabel, yLabel), rows: [['true', 'predicted', 'count'], ...m.flatMap((row, i) => row.map((v, j) => [rowLabels[i]!, colLabels[j]!, v]))] }
}

/**
 * A signed map (e.g. excitation − inhibition over channel band × delay bin): positive cells orange,
 * negative blue (Okabe–Ito), |v| against the largest as intensity; rows, columns and values as CSV.
 */
export function signedMatrixFigure(id: string, title: string, m: number[][], rowLabels: string[], colLabels: string[], xLabel: string, yLabel: string): Figure {
  const n = m.length, k = m[0]?.length ?? 0
  const x = scaleBand<number>().domain([...Array(k).keys()]).range([P.l, W - P.r]), y = scaleBand<number>().domain([...Array(n).keys()]).range([P.t, H - P.b])
  const top = Math.max(1e-12, ...m.flat().map(Math.abs))
  const cells = m.flatMap((row, i) => row.map((v, j) => {
    const t = Math.sqrt(Math.abs(v) / top)
    const fill = v >= 0 ? `rgb(${Math.round(255 - 25 * t)},${Math.round(255 - 96 * t)},${Math.round(255 - 255 * t)})` : `rgb(${Math.round(255 - 255 * t)},${Math.round(255 - 141 * t)},${Math.round(255 - 77 * t)})`
    return `<rect x="${x(j)}" y="${y(i)}" width="${x.bandwidth()}" height="${y.bandwidth()}" fill="${fill}"><title>${esc(rowLabels[i] ?? '')}, ${esc(colLabels[j] ?? '')}: ${v.toPrecision(3)}</title></rect>`
  })).join('')
  const labels = (k <= 20 ? colLabels.map((l, j) => `<text x="${x(j)! + x.bandwidth() / 2}" y="${H - P.b + 12}" text-anchor="middle" font-size="8">${esc(l.slice(0, 6))}</text>`).join('') : '') +
    (n <= 20 ? rowLabels.map((l, i) => `<text x="${P.l - 4}" y="${y(i)! + y.bandwidth() / 2 + 3}" text-anchor="end" font-size="8">${esc(l.slice(0, 8))}</text>`).join('') : '')
  return { id, title, svg: frame(title, cells + labels, xLabel, yLabel), rows: [['row', 'column', 'value'], ...m.flatMap((row, i) => row.map((v, j) => [rowLabels[i]!, colLabels[j]!, v]))] }
}

/** Spikes as dots: time against neuron, layers stacked (a raster). */
export function rasterFigure(id: string, title: string, layers: { name: string; size: number; times: number[]; neurons: number[] }[], duration: number): Figure {
  const total = layers.reduce((s, l) => s + l.size, 0)
  const x = scaleLinear().domain([0, duration]).range([P.l, W - P.r]), y = scaleLinear().domain([0, Math.max(1, total)]).range([H - P.b, P.t])
  let base = 0
  const rows: (string | number)[][] = [['layer', 'time (ms)', 'neuron']]
  const dots = layers.map((l, i) => {
    const c = PALETTE[i % PALETTE.length]!
    const d = l.times.map((t, k) => `M${x(t).toFixed(1)},${y(base + l.neurons[k]! + 0.5).toFixed(1)}h1`).join('')
    l.times.forEach((t, k) => rows.push([l.name, t, l.neurons[k]!]))
    base += l.size
    return `<path d="${d}" stroke="${c}" stroke-width="1.2"/>`
  }).join('')
  return { id, title, svg: frame(title, axes(x, y) + dots, 'time (ms)', 'neuron (layers stacked)', layers.map((l, i) => ({ name: `${l.name} (${l.times.length} spikes)`, colour: PALETTE[i % PALETTE.length]! }))), rows }
}

/** Counts per bin over epochs as a heat map (delay histograms). */
export function heatFigure(id: string, title: string, rows: number[][], rowValues: number[], binEdges: number[], xLabel: string, yLabel: string): Figure {
  const x = scaleLinear().domain([binEdges[0] ?? 0, binEdges.at(-1) ?? 1]).range([P.l, W - P.r])
  const y = scaleLinear().domain([Math.min(...rowValues) - 0.5, Math.max(...rowValues) + 0.5]).range([H - P.b, P.t])
  const top = Math.max(1, ...rows.flat())
  const h = Math.abs(y(0) - y(1))
  const cells = rows.flatMap((r, i) => r.map((v, b) => v > 0 ? `<rect x="${x(binEdges[b]!)}" y="${y(rowValues[i]!) - h / 2}" width="${Math.max(0.5, x(binEdges[b + 1]!) - x(binEdges[b]!))}" height="${h}" fill="${PALETTE[0]}" fill-opacity="${(0.08 + 0.92 * (Math.log1p(v) / Math.log1p(top))).toFixed(3)}"/>` : '')).join('')
  return { id, title, svg: frame(title, axes(x, y) + cells, xLabel, yLabel), rows: [[yLabel, 'from', 'to', 'count'], ...rows.flatMap((r, i) => r.map((v, b) => [rowValues[i]!, binEdges[b]!, binEdges[b + 1]!, v]))] }
}
