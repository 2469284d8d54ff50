import { describe, expect, it } from 'vitest'
import { periodParts } from './response-rollups.js'

const at = (iso: string) => new Date(iso)
const iso = (ranges: Array<[Date, Date]>) =>
  ranges.map(([a, b]) => [a.toISOString(), b.toISOString()])

describe('periodParts', () => {
  it('reads whole days and hours from the rollups and only the partial edge hours raw', () => {
    const parts = periodParts({
      from: at('2026-11-02T10:20:00.000Z'),
      to: at('2026-11-05T03:40:00.000Z'),
    })
    expect(iso(parts.days)).toEqual([['2026-11-03T00:00:00.000Z', '2026-11-05T00:00:00.000Z']])
    expect(iso(parts.hours)).toEqual([
      ['2026-11-02T11:00:00.000Z', '2026-11-03T00:00:00.000Z'],
      ['2026-11-05T00:00:00.000Z', '2026-11-05T03:00:00.000Z'],
    ])
    expect(iso(parts.raw)).toEqual([
      ['2026-11-02T10:20:00.000Z', '2026-11-02T11:00:00.000Z'],
      ['2026-11-05T03:00:00.000Z', '2026-11-05T03:40:00.000Z'],
    ])
  })

  it('reads aligned periods from the rollups alone, and periods inside one hour raw', () => {
    const aligned = periodParts({
      from: at('2026-11-02T00:00:00.000Z'),
      to: at('2026-11-02T05:00:00.000Z'),
    })
    expect(aligned.raw).toEqual([])
    expect(aligned.days).toEqual([])
    expect(iso(aligned.hours)).toEqual([['2026-11-02T00:00:00.000Z', '2026-11-02T05:00:00.000Z']])
    const inside = periodParts({
      from: at('2026-11-02T10:20:00.000Z'),
      to: at('2026-11-02T11:10:00.000Z'),
    })
    expect(inside.hours).toEqual([])
    expect(iso(inside.raw)).toEqual([['2026-11-02T10:20:00.000Z', '2026-11-02T11:10:00.000Z']])
  })
})
