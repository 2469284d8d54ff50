import { describe, expect, it } from 'vitest'
import { AppError } from '../../lib/app-error.js'
import { previousPeriod, resolveThemeRange } from './theme-range.js'

const now = new Date('2026-03-10T12:00:00Z')
const HOUR = 3_600_000

describe('resolveThemeRange', () => {
  it('reads presets up to now, with a grain that fits the length', () => {
    const day = resolveThemeRange({ range: '24h', compare: false }, now)
    expect(day).toEqual({ from: new Date(now.getTime() - 24 * HOUR), to: now, grain: 'minute' })
    expect(resolveThemeRange({ range: '7d', compare: false }, now).grain).toBe('hour')
    expect(previousPeriod(day).to).toEqual(day.from)
    expect(previousPeriod(day).from).toEqual(new Date(now.getTime() - 48 * HOUR))
  })

  it('refuses empty, reversed, too long and too fine ranges, naming the field', () => {
    const issues = (run: () => unknown) => {
      try {
        run()
      } catch (err) {
        return (err as AppError).issues ?? []
      }
      throw new Error('no error')
    }
    const custom =
      (from: string, to: string, extra = {}) =>
      () =>
        resolveThemeRange({ range: 'custom', compare: false, from, to, ...extra }, now, 30)
    expect(issues(custom('2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z'))).toEqual([
      { path: 'from', message: 'must not be after to' },
    ])
    expect(issues(custom('2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z'))[0]!.path).toBe('to')
    expect(issues(custom('2025-03-02T00:00:00Z', '2026-03-02T00:00:00Z'))[0]!.message).toContain(
      '30 days',
    )
    expect(
      issues(custom('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', { grain: 'minute' }))[0]!.path,
    ).toBe('grain')
    expect(issues(() => resolveThemeRange({ range: 'custom', compare: false }, now))[0]!.path).toBe(
      'from',
    )
  })
})
