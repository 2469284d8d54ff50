import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvField, csvRecord } from './csv.js'

describe('csvField', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""x"")"`,
    )
    expect(csvField('+cmd|/c calc')).toBe("'+cmd|/c calc")
    expect(csvField('-2+3')).toBe("'-2+3")
    expect(csvField('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)")
    expect(csvField('\tx')).toBe("'\tx")
    expect(csvField('\rx')).toBe(`"'\rx"`)
  })

  it('leaves ordinary text, numbers and times as they are', () => {
    expect(csvField('score dropped')).toBe('score dropped')
    expect(csvField('a=b')).toBe('a=b')
    expect(csvField(-0.25)).toBe('-0.25')
    expect(csvField(0)).toBe('0')
    expect(csvField(new Date('2026-08-25T10:00:00Z'))).toBe('2026-08-25T10:00:00.000Z')
    expect(csvField(null)).toBe('')
  })

  it('quotes per RFC 4180, so a parser reads back exactly the neutralised text', () => {
    const hostile = ['say "hi", then\nleave', '=1+1', 'plain', '\r\n', '"', ',']
    const line = csvRecord(hostile)
    expect(line.endsWith('\r\n')).toBe(true)
    const [read] = parse(line) as string[][]
    expect(read).toEqual(['say "hi", then\nleave', "'=1+1", 'plain', "'\r\n", '"', ','])
  })
})
