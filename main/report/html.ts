/**
 * A report as one self-contained HTML file: inline styles and SVG figures, no script, no external
 * request (a CSP that allows none says so to the browser), and print styles for PDF. No I/O.
 */
import type { ReportDocument } from './document'

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const STYLE = `
body { font: 13px/1.45 system-ui, sans-serif; color: #1d2330; max-width: 900px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 6px; } h2 { font-size: 16px; margin: 24px 0 8px; border-bottom: 1px solid #ccd; padding-bottom: 3px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 12px; } th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #e4e6ec; vertical-align: top; }
th { font-weight: 600; } .facts td:first-child { color: #5b6270; } figure { margin: 10px 0 16px; break-inside: avoid; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg { max-width: 100%; height: auto; } p { margin: 6px 0; } footer { color: #5b6270; font-size: 11px; margin-top: 28px; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } section { break-inside: auto; } }`

export function toHtml(doc: ReportDocument): string {
  const facts = `<table class="facts">${doc.facts.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>`
  const sections = doc.sections.map((s) => `<section id="${esc(s.id)}" data-section="${esc(s.id)}"><h2>${esc(s.title)}</h2>${s.blocks.map((b) => {
    if (b.kind === 'text') return `<p>${esc(b.text)}</p>`
    if (b.kind === 'table') return `<table><thead><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('')}</tbody></table>`
    return `<figure data-figure="${esc(b.figure.id)}"><figcaption>${esc(b.figure.title)}</figcaption>${b.figure.svg}</figure>`
  }).join('')}</section>`).join('')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(doc.title)}</title><style>${STYLE}</style></head><body><h1>${esc(doc.title)}</h1>${facts}${sections}<footer>Made by Axonal from its lab notebook; regenerate it from the same store to get the same report.</footer></body></html>`
}
