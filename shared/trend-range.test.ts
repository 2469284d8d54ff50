import { describe, expect, it } from 'vitest'
import { TrendRangeQuery } from './schemas/trends.js'
import { breakdownGrain, bucketStarts, defaultGrain, resolveTrendRange } from './trend-range.js'

const NOW = new Date('2026-08-25T10:17:30Z')
const KEEP = { rollupDays: 730 }
const query = (q: Record<string, string>) => TrendRangeQuery.parse(q)
const resolve = (
  q: Record<string, string>,
  retention: Parameters<typeof resolveTrendRange>[2] = KEEP,
) => resolveTrendRange(query(q), NOW, retention)
const iso = (d: Date) => d.toISOString()

function resolved(q: Record<string, string>) {
  const result = resolve(q)
  if (!result.ok) throw new Error(`refused: ${result.issue.path}: ${result.issue.message}`)
  return result.range
}

describe('resolveTrendRange presets', () => {
  it('24h: minute buckets ending with the one now falls in, 1440 of them', () => {
    const r = resolved({})
    expect(r.grain).toBe('minute')
    expect(iso(r.to)).toBe('2026-08-25T10:18:00.000Z')
    expect(iso(r.from)).toBe('2026-08-24T10:18:00.000Z')
    expect(bucketStarts(r, r.grain)).toHaveLength(1440)
    expect(r.previous).toBeNull()
  })

  it('7d and 30d: hour buckets, and the previous period of the same length when comparing', () => {
    const week = resolved({ range: '7d', compare: 'true' })
    expect(week.grain).toBe('hour')
    expect(iso(week.to)).toBe('2026-08-25T11:00:00.000Z')
    expect(iso(week.from)).toBe('2026-08-18T11:00:00.000Z')
    expect(week.previous).toEqual({ from: new Date('2026-08-11T11:00:00Z'), to: week.from })
    const month = resolved({ range: '30d', grain: 'day' })
    expect(iso(month.to)).toBe('2026-08-26T00:00:00.000Z')
    expect(bucketStarts(month, 'day')).toHaveLength(30)
  })

  it('a boundary instant belongs to the bucket it starts', () => {
    const r = resolveTrendRange(query({ range: '7d' }), new Date('2026-08-25T10:00:00Z'), KEEP)
    expect(r.ok && iso(r.range.to)).toBe('2026-08-25T11:00:00.000Z')
  })

  it('refuses from or to with a preset', () => {
    expect(resolve({ range: '7d', from: '2026-08-01T00:00:00Z' })).toEqual({
      ok: false,
      issue: { path: 'from', message: 'from is read only with range=custom' },
    })
  })
})

describe('resolveTrendRange custom', () => {
  it('widens to whole buckets and picks the grain by length', () => {
    const r = resolved({
      range: 'custom',
      from: '2026-08-20T09:30:00Z',
      to: '2026-08-22T10:05:00Z',
    })
    expect(r.grain).toBe('hour')
    expect(iso(r.from)).toBe('2026-08-20T09:00:00.000Z')
    expect(iso(r.to)).toBe('2026-08-22T11:00:00.000Z')
    expect(bucketStarts(r, r.grain)).toHaveLength(50)
  })

  it('reads offsets as the instants they name', () => {
    const r = resolved({
      range: 'custom',
      from: '2026-08-20T02:00:00+02:00',
      to: '2026-08-20T03:00:00+02:00',
      compare: 'true',
    })
    expect(iso(r.from)).toBe('2026-08-20T00:00:00.000Z')
    expect(r.previous).toEqual({ from: new Date('2026-08-19T23:00:00Z'), to: r.from })
  })

  it('refuses a missing end, an empty and a reversed range, naming the field', () => {
    expect(resolve({ range: 'custom', to: '2026-08-20T00:00:00Z' })).toEqual({
      ok: false,
      issue: { path: 'from', message: 'range=custom needs from (an ISO time)' },
    })
    expect(resolve({ range: 'custom', from: '2026-08-20T00:00:00Z' })).toMatchObject({
      ok: false,
      issue: { path: 'to' },
    })
    const at = '2026-08-20T00:00:00Z'
    expect(resolve({ range: 'custom', from: at, to: at })).toEqual({
      ok: false,
      issue: { path: 'to', message: 'The range is empty: to equals from' },
    })
    expect(resolve({ range: 'custom', from: at, to: '2026-08-19T00:00:00Z' })).toEqual({
      ok: false,
      issue: { path: 'to', message: 'The range is reversed: to is before from' },
    })
  })

  it('refuses a range longer than the brand keeps its trends, or reaching before them', () => {
    const long = { range: 'custom', from: '2026-06-01T00:00:00Z', to: '2026-08-20T00:00:00Z' }
    expect(resolve(long, { rollupDays: 60 })).toEqual({
      ok: false,
      issue: {
        path: 'range',
        message: 'The range covers 80 days, longer than this brand keeps its trends (60 days)',
      },
    })
    expect(resolve(long, { rollupDays: 90 })).toEqual({ ok: true, range: expect.anything() })
    const old = { range: 'custom', from: '2026-05-01T00:00:00Z', to: '2026-05-20T00:00:00Z' }
    expect(resolve(old, { rollupDays: 90 })).toEqual({
      ok: false,
      issue: {
        path: 'from',
        message: 'from is before the oldest trends this brand keeps (90 days back)',
      },
    })
  })

  it('refuses too many points for the grain, and minute buckets older than they are kept', () => {
    const week = { range: 'custom', from: '2026-08-01T00:00:00Z', to: '2026-08-08T00:00:00Z' }
    expect(resolve({ ...week, grain: 'minute' })).toEqual({
      ok: false,
      issue: {
        path: 'grain',
        message: '10080 minute buckets are more than 5000: pick a coarser grain or a shorter range',
      },
    })
    expect(resolve({ ...week, grain: 'hour' }).ok).toBe(true)
    const day = { range: 'custom', from: '2026-08-10T00:00:00Z', to: '2026-08-11T00:00:00Z' }
    expect(resolve({ ...day, grain: 'minute' }, { rollupDays: 730, minuteDays: 7 })).toEqual({
      ok: false,
      issue: {
        path: 'grain',
        message:
          'Minute buckets are kept for 7 days: pick hour or day for a range reaching further back',
      },
    })
    expect(resolve({ ...day, grain: 'hour' }, { rollupDays: 730, minuteDays: 7 }).ok).toBe(true)
  })
})

describe('resolveTrendRange without a grain', () => {
  const MINUTES_35 = { rollupDays: 730, minuteDays: 35 }
  const grainOf = (q: Record<string, string>, retention = MINUTES_35) => {
    const result = resolve(q, retention)
    if (!result.ok) throw new Error(`refused: ${result.issue.path}: ${result.issue.message}`)
    return result.range
  }

  it('reads a short range older than the minute buckets by the hour, whole hours', () => {
    // 40 days before NOW, 12 hours long: minute by length, but minute buckets are gone.
    const r = grainOf({ range: 'custom', from: '2026-07-16T08:30:00Z', to: '2026-07-16T20:10:00Z' })
    expect(r.grain).toBe('hour')
    expect([iso(r.from), iso(r.to)]).toEqual([
      '2026-07-16T08:00:00.000Z',
      '2026-07-16T21:00:00.000Z',
    ])
  })

  it('keeps minute buckets while the range is within their 35 days', () => {
    const r = grainOf({ range: 'custom', from: '2026-07-22T00:00:00Z', to: '2026-07-23T00:00:00Z' })
    expect(r.grain).toBe('minute')
  })

  it('goes to hour when comparing would read minute buckets that are gone', () => {
    // The range itself is 34 days back; the previous day it compares with is 35.
    const q = { range: 'custom', from: '2026-07-22T00:00:00Z', to: '2026-07-23T00:00:00Z' }
    expect(grainOf({ ...q, compare: 'true' }).grain).toBe('hour')
    expect(grainOf({ ...q, compare: 'true' }).previous).toEqual({
      from: new Date('2026-07-21T00:00:00Z'),
      to: new Date('2026-07-22T00:00:00Z'),
    })
  })

  it('reads 36 to 60 days by the hour and longer by the day, as before', () => {
    const long = (from: string) => ({ range: 'custom', from, to: '2026-08-25T00:00:00Z' })
    expect(grainOf(long('2026-07-15T00:00:00Z')).grain).toBe('hour')
    expect(grainOf(long('2026-06-01T00:00:00Z')).grain).toBe('day')
  })

  it('still refuses a named minute grain the brand no longer keeps, naming the grain', () => {
    const old = { range: 'custom', from: '2026-07-16T08:00:00Z', to: '2026-07-16T20:00:00Z' }
    expect(resolve({ ...old, grain: 'minute' }, MINUTES_35)).toEqual({
      ok: false,
      issue: {
        path: 'grain',
        message:
          'Minute buckets are kept for 35 days: pick hour or day for a range reaching further back',
      },
    })
  })
})

describe('defaultGrain', () => {
  it('is minute up to 36 h, hour up to 60 days, then day', () => {
    expect(defaultGrain(36 * 3_600_000)).toBe('minute')
    expect(defaultGrain(36 * 3_600_000 + 1)).toBe('hour')
    expect(defaultGrain(60 * 86_400_000)).toBe('hour')
    expect(defaultGrain(60 * 86_400_000 + 1)).toBe('day')
  })
})

describe('breakdownGrain', () => {
  it('coarsens until the period has at most 200 buckets', () => {
    const period = (hours: number) => ({ from: new Date(0), to: new Date(hours * 3_600_000) })
    expect(breakdownGrain(period(3), 'minute')).toBe('minute')
    expect(breakdownGrain(period(24), 'minute')).toBe('hour')
    expect(breakdownGrain(period(7 * 24), 'hour')).toBe('hour')
    expect(breakdownGrain(period(30 * 24), 'hour')).toBe('day')
    expect(breakdownGrain(period(730 * 24), 'day')).toBe('day')
  })
})
