// Online spike detector for 5-minute volume buckets (issue 16). Pure: no I/O, no clock.
//
// Counts go on the Anscombe scale, 2·sqrt(x + 3/8), where Poisson noise has unit variance
// at any level, so quiet nights and busy afternoons share one bar. A bucket's expected value
// is the median of the same time of day (±5 minutes) over the previous week, moved by the
// median residual of the last hour: slow growth and a quiet weekend shift the level, not
// the daily shape. The noise scale is a slow average of absolute residuals, never below the
// Poisson floor; values enter the history clipped a few scales above the expected level, so
// a spike does not lift its own baseline. The score is the evidence of a one-sided CUSUM on
// the robust z: each bucket adds what its z exceeds a reference of 4 and the evidence never
// falls below 0, so a burst that stays up for several buckets at a moderate z adds up, while
// ordinary noise (z under 4) only drains it; one very loud bucket alerts at once. An episode
// opens when the evidence passes a fixed bar and a share of the series' own recent peak
// evidence: a series that bursts often (a big brand's launches) must burst harder than usual
// to alert, a calm one alerts on its first burst. Only the opening bucket alerts; six hours
// near the expected level close the episode.
import { z } from 'zod'

/** Buckets per day at the 5-minute grain. */
export const BUCKETS_PER_DAY = 288
const BUCKET_MS = 300_000

export type SpikeSeverity = 'low' | 'medium' | 'high'

/** One alert: the bucket that raised an episode, its volume and the level expected then. */
export interface SpikeAlert {
  at: number
  observed: number
  expected: number
  severity: SpikeSeverity
  confidence: number
}

/** Everything a detector needs to resume: plain JSON, about 15 KB. Parse what was stored. */
export const SpikeDetectorStateSchema = z.object({
  version: z.literal(2),
  lastAt: z.number().nullable(),
  /** Past values on the Anscombe scale (clipped), oldest first, `days` days at most. */
  history: z.array(z.number()),
  /** The last hour's residuals (clipped), oldest first. */
  residuals: z.array(z.number()),
  /** Slow average of |residual|: the noise scale before the Poisson floor. */
  spread: z.number().nonnegative(),
  /** CUSUM evidence: the sum of (z − reference) over the current run of loud buckets, ≥ 0. */
  evidence: z.number().nonnegative(),
  /** Decaying maximum of past evidence: how loud this series' recent surprises were. */
  peak: z.number(),
  /** Buckets since the episode's last loud bucket; null when no episode is open. */
  episodeQuiet: z.number().int().nonnegative().nullable(),
})
export type SpikeDetectorState = z.infer<typeof SpikeDetectorStateSchema>

/** Tuning knobs; the defaults are what the README reports. */
export interface SpikeDetectorOptions {
  /** Evidence (CUSUM of z above the reference) that raises an episode. */
  threshold: number
  /** A bucket adds its z minus this to the evidence (and drains it when its z is lower). */
  reference: number
  /** The evidence must also reach this share of the series' recent peak (its decaying maximum). */
  peakShare: number
  /** Half-life of that peak, in days. */
  peakHalfLifeDays: number
  /** Days of history behind the time-of-day baseline. */
  days: number
  /** Buckets of the local level (median residual), 12 = one hour. */
  levelBuckets: number
  /** Buckets near the expected level that close an episode. */
  quietBuckets: number
  /** z below which a bucket counts as quiet. */
  quietZ: number
  /** Values enter the history at most this many scales above the expected level. */
  clipZ: number
  /** Weight of one bucket in the noise scale's moving average. */
  spreadAlpha: number
}

export const DEFAULT_SPIKE_OPTIONS: SpikeDetectorOptions = {
  threshold: 7,
  reference: 4,
  peakShare: 0.9,
  peakHalfLifeDays: 14,
  days: 7,
  levelBuckets: 12,
  quietBuckets: 72,
  quietZ: 2,
  clipZ: 3,
  spreadAlpha: 1 / BUCKETS_PER_DAY,
}

/** Mean absolute deviation of a unit normal: turns the average |residual| into a sigma. */
const MEAN_ABS_TO_SIGMA = Math.sqrt(Math.PI / 2)

const toScale = (x: number) => 2 * Math.sqrt(Math.max(0, x) + 3 / 8)
const fromScale = (y: number) => Math.max(0, (y / 2) ** 2 - 3 / 8)
const round3 = (x: number) => Math.round(x * 1000) / 1000

/** The state of a detector that has seen nothing. */
export function initialSpikeState(): SpikeDetectorState {
  return {
    version: 2,
    lastAt: null,
    history: [],
    residuals: [],
    spread: 0,
    evidence: 0,
    peak: 0,
    episodeQuiet: null,
  }
}

/** Creates a detector, resuming from `state` when given (parsed: a bad one throws a ZodError). */
export function createSpikeDetector(
  state?: SpikeDetectorState,
  options: Partial<SpikeDetectorOptions> = {},
) {
  const opts = { ...DEFAULT_SPIKE_OPTIONS, ...options }
  let s: SpikeDetectorState = state ? SpikeDetectorStateSchema.parse(state) : initialSpikeState()
  const historyLength = opts.days * BUCKETS_PER_DAY
  const peakDecay = Math.exp(-Math.LN2 / (opts.peakHalfLifeDays * BUCKETS_PER_DAY))

  // One buffer for the medians: a bucket allocates nothing (a CLI pushes 16,000 of them).
  const scratch = new Float64Array(Math.max(3 * opts.days, opts.levelBuckets))

  function expectedOf(): number | null {
    // history holds up to `days` days of values, the newest at the end.
    const n = s.history.length
    let count = 0
    for (let d = 1; d <= opts.days; d++) {
      const i = n - d * BUCKETS_PER_DAY
      for (let k = -1; k <= 1; k++)
        if (i + k >= 0 && i + k < n) scratch[count++] = s.history[i + k]!
    }
    if (count < 3) return null
    const seasonal = medianOf(scratch, count)
    s.residuals.forEach((r, i) => (scratch[i] = r))
    return seasonal + (s.residuals.length ? medianOf(scratch, s.residuals.length) : 0)
  }

  function step(at: number, value: number): SpikeAlert | null {
    const y = toScale(value)
    const base = expectedOf()
    if (base === null) {
      // Warm-up (under a day): learn the spread from bucket-to-bucket changes only.
      const prev = s.history.at(-1)
      if (prev !== undefined) s.spread += (Math.abs(y - prev) / Math.SQRT2 - s.spread) * 0.05
      remember(y, 0)
      return null
    }
    const sigma = Math.max(1, s.spread * MEAN_ABS_TO_SIGMA)
    const residual = y - base
    const zNow = residual / sigma
    const clipped = Math.max(-opts.clipZ * sigma, Math.min(opts.clipZ * sigma, residual))
    s.spread += (Math.abs(clipped) - s.spread) * opts.spreadAlpha
    remember(base + clipped, clipped)
    s.evidence = round3(Math.max(0, s.evidence + zNow - opts.reference))
    const score = s.evidence

    let alert: SpikeAlert | null = null
    if (s.episodeQuiet !== null) {
      s.episodeQuiet = zNow < opts.quietZ ? s.episodeQuiet + 1 : 0
      if (s.episodeQuiet >= opts.quietBuckets) s.episodeQuiet = null
    } else {
      const bar = Math.max(opts.threshold, opts.peakShare * s.peak)
      if (score >= bar) {
        s.episodeQuiet = 0
        const expected = fromScale(base)
        alert = {
          at,
          observed: value,
          expected: round3(expected),
          severity: severityOf(value, expected),
          confidence: confidenceOf(score, bar),
        }
      }
    }
    s.peak = round3(Math.max(s.peak * peakDecay, score))
    return alert
  }

  function remember(y: number, residual: number) {
    s.history.push(round3(y))
    while (s.history.length > historyLength) s.history.shift()
    s.residuals.push(round3(residual))
    while (s.residuals.length > opts.levelBuckets) s.residuals.shift()
  }

  return {
    /** Adds the bucket at `at` (ms); returns the alert when this bucket raises an episode. */
    push(at: number, value: number): SpikeAlert | null {
      if (!Number.isFinite(at) || !Number.isFinite(value) || value < 0) {
        throw new RangeError(`push(${at}, ${value}): need a finite time and a count ≥ 0`)
      }
      // A replayed bucket (a worker retrying after a crash) changes nothing.
      if (s.lastAt !== null && at <= s.lastAt) return null
      const gap = s.lastAt === null ? 0 : Math.round((at - s.lastAt) / BUCKET_MS) - 1
      // Missing buckets are empty, but a day without a single bucket is an outage, not a quiet
      // day: learning again beats a baseline of zeros that would alert on the first normal hour.
      if (gap > BUCKETS_PER_DAY) s = initialSpikeState()
      else for (let i = 1; i <= gap; i++) step(s.lastAt! + i * BUCKET_MS, 0)
      s.lastAt = at
      return step(at, value)
    },
    /** The state to persist; a copy, so later pushes do not change it. */
    state(): SpikeDetectorState {
      return structuredClone(s)
    },
  }
}

/** Severity by how many times the expected volume arrived. */
function severityOf(observed: number, expected: number): SpikeSeverity {
  const ratio = observed / Math.max(expected, 1)
  if (ratio >= 5) return 'high'
  if (ratio >= 2.5) return 'medium'
  return 'low'
}

/** 0.5 at the bar, rising toward 1 as the deviation outgrows it (0.9 at 1.5 times the bar). */
function confidenceOf(z: number, bar: number): number {
  return round3(1 - 0.5 * (bar / z) ** 4)
}

/** Median of the first `count` numbers of `buffer`, which it sorts in place. */
function medianOf(buffer: Float64Array, count: number): number {
  const sorted = buffer.subarray(0, count).sort()
  const mid = count >> 1
  return count % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
