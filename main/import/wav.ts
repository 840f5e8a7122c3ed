/** RIFF/WAVE files with PCM (8/16/24/32-bit) or 32-bit float samples, mixed down to mono. */
export function parseWav(bytes: Uint8Array, what: string): { sampleRate: number; samples: Float32Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const tag = (o: number): string => String.fromCharCode(...bytes.subarray(o, o + 4))
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error(`${what}: not a WAV file (no RIFF/WAVE header)`)
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined
  let o = 12
  while (o + 8 <= bytes.length) {
    const id = tag(o), size = view.getUint32(o + 4, true)
    const body = o + 8
    if (id === 'fmt ') {
      if (size < 16) throw new Error(`${what}: fmt chunk too short`)
      fmt = { format: view.getUint16(body, true), channels: view.getUint16(body + 2, true), rate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) }
      if (fmt.format === 0xfffe && size >= 26) fmt.format = view.getUint16(body + 24, true) // extensible: sub-format
    } else if (id === 'data') {
      if (!fmt) throw new Error(`${what}: data before the fmt chunk`)
      if (body + size > bytes.length) throw new Error(`${what}: truncated (the data chunk promises ${size} bytes, ${bytes.length - body} are there)`)
      const { format, channels, rate, bits } = fmt
      if (!channels || !rate) throw new Error(`${what}: ${channels} channels at ${rate} Hz`)
      const width = bits / 8
      if (!((format === 1 && [1, 2, 3, 4].includes(width)) || (format === 3 && width === 4))) throw new Error(`${what}: unsupported WAV encoding (format ${format}, ${bits} bits)`)
      const frames = Math.floor(size / (width * channels))
      const out = new Float32Array(frames)
      for (let i = 0; i < frames; i++) {
        let s = 0
        for (let c = 0; c < channels; c++) {
          const p = body + (i * channels + c) * width
          s += format === 3 ? view.getFloat32(p, true)
            : width === 1 ? (bytes[p]! - 128) / 128
            : width === 2 ? view.getInt16(p, true) / 32768
            : width === 3 ? ((view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getInt8(p + 2) << 16)) / 8388608)
            : view.getInt32(p, true) / 2147483648
        }
        out[i] = s / channels
      }
      return { sampleRate: rate, samples: out }
    }
    o = body + size + (size & 1)
  }
  throw new Error(`${what}: no audio data chunk`)
}
