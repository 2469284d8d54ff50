import { describe, expect, it } from 'vitest'
import {
  BUCKETS_PER_DAY,
  createSpikeDetector,
  SpikeDetectorStateSchema,
  type SpikeAlert,
  type SpikeDetectorState,
} from './spike-detector.js'

const BUCKET_MS = 300_000
const START = Date.UTC(2026, 0, 5) // a Monday

/** Deterministic uniform numbers (mulberry32), so a failure replays exactly. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Poisson counts around a mean with a daily rhythm, quieter weekends and 30% growth a month. */
function volumeSeries(days: number, seed = 7): number[] {
  const next = random(seed)
  const poisson = (mean: number) => {
    // Knuth's method is exact and fast enough for the means used here.
    const limit = Math.exp(-mean)
    let k = 0
    for (let p = next(); p > limit; p *= next()) k++
    return k
  }
  return Array.from({ length: days * BUCKETS_PER_DAY }, (_, i) => {
    const day = i / BUCKETS_PER_DAY
    const daily = 1 + 0.7 * Math.sin(2 * Math.PI * (day - 0.3))
    const weekend = Math.floor(day) % 7 >= 5 ? 0.6 : 1
    const growth = 1 + (0.3 * day) / 30
    return poisson(20 * daily * weekend * growth)
  })
}

function alertsOf(values: number[], state?: SpikeDetectorState): SpikeAlert[] {
  const detector = createSpikeDetector(state)
  return values.flatMap((v, i) => detector.push(START + i * BUCKET_MS, v) ?? [])
}

describe('createSpikeDetector', () => {
  it('raises nothing on daily and weekly rhythm with slow growth', () => {
    for (const seed of [1, 2, 3]) expect(alertsOf(volumeSeries(28, seed))).toEqual([])
  })

  it('raises one alert for a clear spike, at its second loud bucket, above the expected level', () => {
    const values = volumeSeries(28)
    const at = 20 * BUCKETS_PER_DAY + 150 // day 20, 12:30
    for (let i = at; i < at + 24; i++) values[i] = values[i]! * 6 + 120 // two hours of backlash
    const alerts = alertsOf(values)
    expect(alerts).toHaveLength(1)
    const [alert] = alerts as [SpikeAlert]
    expect(alert.at).toBe(START + (at + 1) * BUCKET_MS)
    expect(alert.observed).toBe(values[at + 1])
    expect(alert.observed).toBeGreaterThan(3 * alert.expected)
    expect(alert.expected).toBeGreaterThan(5)
    expect(alert.severity).not.toBe('low')
    expect(alert.confidence).toBeGreaterThan(0.5)
    expect(alert.confidence).toBeLessThanOrEqual(1)
  })

  it('raises at the first bucket of a backlash far above the bar, for early warning', () => {
    const values = volumeSeries(28)
    const at = 20 * BUCKETS_PER_DAY + 150
    for (let i = at; i < at + 12; i++) values[i] = 600
    const alerts = alertsOf(values)
    expect(alerts.map((a) => a.at)).toEqual([START + at * BUCKET_MS])
    expect(alerts[0]!.severity).toBe('high')
  })

  it('raises at once on one very loud bucket; a moderately loud one needs company', () => {
    const values = volumeSeries(28)
    const at = 20 * BUCKETS_PER_DAY + 150
    values[at] = 1500
    expect(alertsOf(values).map((a) => a.at)).toEqual([START + at * BUCKET_MS])
    values[at] = 150 // five times the expected level: not loud enough alone
    expect(alertsOf(values)).toEqual([])
    values[at + 1] = 150 // but the evidence of two such buckets adds up
    expect(alertsOf(values).map((a) => a.at)).toEqual([START + (at + 1) * BUCKET_MS])
  })

  it('accumulates a moderate rise that holds for half an hour, and ignores the same rise once', () => {
    const values = volumeSeries(28)
    const at = 20 * BUCKETS_PER_DAY + 150
    values[at] = 110 // about four times the expected level, z near 7
    expect(alertsOf(values)).toEqual([])
    for (let i = at; i < at + 8; i++) values[i] = 110
    const alerts = alertsOf(values)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.at).toBeGreaterThanOrEqual(START + (at + 2) * BUCKET_MS)
    expect(alerts[0]!.at).toBeLessThan(START + (at + 8) * BUCKET_MS)
  })

  it('raises again for a second spike once the first episode has calmed down', () => {
    const values = volumeSeries(28)
    for (const day of [15, 22]) {
      const at = day * BUCKETS_PER_DAY + 150
      for (let i = at; i < at + 12; i++) values[i] = values[i]! * 8 + 60
    }
    expect(alertsOf(values)).toHaveLength(2)
  })

  it('is causal: the alerts of a prefix are the alerts of the whole series before the cut', () => {
    const values = volumeSeries(28)
    for (let i = 17 * BUCKETS_PER_DAY; i < 17 * BUCKETS_PER_DAY + 12; i++) values[i] = 300
    const whole = alertsOf(values)
    expect(whole.length).toBeGreaterThan(0)
    for (const cut of [17 * BUCKETS_PER_DAY + 1, 20 * BUCKETS_PER_DAY]) {
      const cutAt = START + cut * BUCKET_MS
      expect(alertsOf(values.slice(0, cut))).toEqual(whole.filter((a) => a.at < cutAt))
    }
  })

  it('resumes from a JSON round trip of its state with identical results, and stays small', () => {
    const values = volumeSeries(28)
    for (let i = 21 * BUCKETS_PER_DAY; i < 21 * BUCKETS_PER_DAY + 12; i++) values[i] = 300
    const cut = 19 * BUCKETS_PER_DAY + 77
    const first = createSpikeDetector()
    values.slice(0, cut).forEach((v, i) => first.push(START + i * BUCKET_MS, v))
    const saved = JSON.stringify(first.state())
    expect(saved.length).toBeLessThan(100_000)
    const resumed = createSpikeDetector(SpikeDetectorStateSchema.parse(JSON.parse(saved)))
    const after = values
      .slice(cut)
      .flatMap((v, i) => resumed.push(START + (cut + i) * BUCKET_MS, v) ?? [])
    expect(after).toEqual(alertsOf(values).filter((a) => a.at >= START + cut * BUCKET_MS))
    expect(after).toHaveLength(1)
  })

  it('treats missing buckets as empty and ignores a replayed bucket', () => {
    const values = volumeSeries(10)
    const whole = createSpikeDetector()
    const gappy = createSpikeDetector()
    values.forEach((v, i) => {
      const at = START + i * BUCKET_MS
      whole.push(at, i % 50 === 7 ? 0 : v)
      if (i % 50 !== 7) gappy.push(at, v)
      if (i % 97 === 3) gappy.push(at, 10_000) // a retried job pushing the same bucket again
    })
    expect(gappy.state()).toEqual(whole.state())
  })

  it('starts learning again after a day without buckets instead of alerting on a baseline of zeros', () => {
    const values = volumeSeries(24).map((v) => v * 5) // a busy brand
    const detector = createSpikeDetector()
    const alerts = values.flatMap((v, i) =>
      i >= 7 * BUCKETS_PER_DAY && i < 13 * BUCKETS_PER_DAY // a six-day outage
        ? []
        : (detector.push(START + i * BUCKET_MS, v) ?? []),
    )
    expect(alerts).toEqual([])
  })

  it('refuses a stored state that is not one', () => {
    const broken = { ...createSpikeDetector().state(), history: 'lost' }
    expect(() => createSpikeDetector(broken as unknown as SpikeDetectorState)).toThrow(/history/)
  })

  it('refuses a negative or non-finite count', () => {
    const detector = createSpikeDetector()
    expect(() => detector.push(START, -1)).toThrow(RangeError)
    expect(() => detector.push(START, Number.NaN)).toThrow(RangeError)
  })
})
