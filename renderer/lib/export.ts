/**
 * Saving a figure as the user sees it: SVG (the chart's own markup, styles inlined), PNG (the
 * canvas, or the SVG drawn onto one at twice its size), and its data as CSV. Files are made in
 * the page and handed to the browser's (or Electron's) download.
 */

export type Rows = (string | number)[][]

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** RFC 4180 CSV: fields with commas, quotes or line breaks are quoted. */
export function toCsv(rows: Rows): string {
  const cell = (v: string | number): string => {
    const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}

export function saveCsv(name: string, rows: Rows): void {
  download(`${name}.csv`, new Blob([toCsv(rows)], { type: 'text/csv' }))
}

/** The SVG with the computed styles its marks use written onto them, so it looks the same outside the app. */
export function svgMarkup(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement
  const src = svg.querySelectorAll('*'), dst = copy.querySelectorAll('*')
  src.forEach((el, i) => {
    const cs = getComputedStyle(el)
    const d = dst[i] as SVGElement
    for (const p of ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-size', 'font-family', 'opacity'])
      if (!d.getAttribute(p)) d.setAttribute(p, cs.getPropertyValue(p))
  })
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  const box = svg.getBoundingClientRect()
  if (!copy.getAttribute('width')) copy.setAttribute('width', String(Math.round(box.width)))
  if (!copy.getAttribute('height')) copy.setAttribute('height', String(Math.round(box.height)))
  return new XMLSerializer().serializeToString(copy)
}

export function saveSvg(name: string, svg: SVGSVGElement): void {
  download(`${name}.svg`, new Blob([svgMarkup(svg)], { type: 'image/svg+xml' }))
}

export async function savePng(name: string, el: SVGSVGElement | HTMLCanvasElement): Promise<void> {
  let canvas: HTMLCanvasElement
  if (el instanceof HTMLCanvasElement) canvas = el
  else {
    const box = el.getBoundingClientRect()
    const img = new Image()
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgMarkup(el))}`
    await img.decode()
    canvas = document.createElement('canvas')
    canvas.width = Math.round(box.width * 2)
    canvas.height = Math.round(box.height * 2)
    const ctx = canvas.getContext('2d')!
    ctx.fillStyle = '#fff'
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  if (blob) download(`${name}.png`, blob)
}
