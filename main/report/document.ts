/**
 * A report as data: a title, facts, and sections of text, tables and figures. Every report kind
 * builds one (run.ts, compare.ts, …); html.ts, csv.ts and json render it. No I/O.
 */
import type { Figure } from './figures'

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'table'; head: string[]; rows: (string | number)[][] }
  | { kind: 'figure'; figure: Figure }

export interface Section { id: string; title: string; blocks: Block[] }

export interface ReportDocument {
  kind: string
  title: string
  /** Facts shown under the title: what, when, which version. */
  facts: [string, string][]
  sections: Section[]
  /** Everything the report was made from, for its JSON. */
  data: unknown
}

export function figures(doc: ReportDocument): Figure[] {
  return doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'figure' ? [b.figure] : [])))
}

/** Every plotted series as one CSV table: figure, then the figure's own columns. */
export function toCsvRows(doc: ReportDocument): (string | number)[][] {
  const out: (string | number)[][] = []
  for (const f of figures(doc)) {
    const [head, ...rows] = f.rows
    out.push(['figure', ...(head ?? [])])
    for (const r of rows) out.push([f.id, ...r])
  }
  return out
}

export function csv(rows: (string | number)[][]): string {
  const cell = (v: string | number): string => {
    const s = typeof v === 'number' ? String(v) : v
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}
