import { describe, expect, it } from 'vitest'
import { toCsv } from './export'

describe('CSV export', () => {
  it('quotes what RFC 4180 asks to quote and leaves non-finite numbers empty', () => {
    expect(toCsv([['a', 'b'], ['x,y', 'say "hi"'], [1.5, NaN], ['two\nlines', -0.25]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n1.5,\r\n"two\nlines",-0.25\r\n')
  })
})
