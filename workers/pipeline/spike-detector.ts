// Online spike detector for 5-minute volume buckets (issue 16). Pure: no I/O, no clock.
//
// Counts are put on the Anscombe scale, 2·sqrt(x + 3/8), where Poisson noise has unit
// variance at every level, so quiet nights and busy afternoons share one threshold. The
// expected value of a bucket is the median of the same time of day (±1 bucket) over the
// previous days, moved by the median residual of the last hour (slow growth and a
// quieter weekend day shift that level, not the daily shape). The noise scale is a slow
// average of absolute residuals, never below the Poisson floor. A bucket whose robust z
// passes the threshold opens an episode and is the only one that alerts; the episode
// closes after an hour near the expected level. Values enter the history clipped to a
// few scales above the expected level, so a spike does not lift its own baseline.

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

/** Everything a detector needs to resume; plain JSON, a few kilobytes. */
export interface SpikeDetectorState {
  version: 1
  lastAt: number | null
  /** Buckets seen so far (including gap fills). */
  count: number
  /** Ring of past values on the Anscombe scale (clipped), `days` days long. */
  history: number[]
  /** Ring of the last hour's residuals (clipped). */
  residuals: number[]
  /** Slow average of |residual|, the noise scale before the Poisson floor. */
  spread: number
  /** Decaying maximum of past z: how loud this series' recent surprises were. */
  peak: number
  /** Buckets since the episode's last loud bucket; null when no episode is open. */
  episodeQuiet: number | null
}

/** Tuning knobs; the defaults are what the README reports. */
export interface SpikeDetectorOptions {
  /** Robust z a bucket must reach to raise an episode. */
  threshold: number
  /** ...and at least this share of the series' recent peak z (its decaying maximum). */
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
  threshold: 10,
  peakShare: 0.8,
  peakHalfLifeDays: 14,
  days: 7,
  levelBuckets: 12,
  quietBuckets: 36,
  quietZ: 2,
  clipZ: 3,
  spreadAlpha: 1 / BUCKETS_PER_DAY,
}

/** Mean absolute deviation of a unit normal: turns the average |residual| into a sigma. */
const MEAN_ABS_TO_SIGMA = Math.sqrt(Math.PI / 2)

const toScale = (x: number) => 2 * Math.sqrt(Math.max(0, x) + 3 / 8)
const fromScale = (y: number) => Math.max(0, (y / 2) ** 2 - 3 / 8)
const round3 = (x: number) => Math.round(x * 1000) / 1000

/** A fresh state, or a copy of one that was persisted. */
export function initialSpikeState(): SpikeDetectorState {
  return {
    version: 1,
    lastAt: null,
    count: 0,
    history: [],
    residuals: [],
    spread: 0,
    peak: 0,
    episodeQuiet: null,
  }
}

/** Creates a detector, resuming from `state` when given. */
export function createSpikeDetector(
  state?: SpikeDetectorState,
  options: Partial<SpikeDetectorOptions> = {},
) {
  const opts = { ...DEFAULT_SPIKE_OPTIONS, ...options }
  const s: SpikeDetectorState = state ? structuredClone(state) : initialSpikeState()
  const historyLength = opts.days * BUCKETS_PER_DAY
  const peakDecay = Math.exp(-Math.LN2 / (opts.peakHalfLifeDays * BUCKETS_PER_DAY))

  function expectedOf(): number | null {
    // history holds the last min(count, historyLength) values, the newest at the end.
    const n = s.history.length
    const past: number[] = []
    for (let d = 1; d <= opts.days; d++) {
      const i = n - d * BUCKETS_PER_DAY
      for (let k = -1; k <= 1; k++) if (i + k >= 0 && i + k < n) past.push(s.history[i + k]!)
    }
    if (past.length < 3) return null
    return median(past) + (s.residuals.length ? median(s.residuals) : 0)
  }

  function step(at: number, value: number): SpikeAlert | null {
    const y = toScale(value)
    const base = expectedOf()
    s.count++
    if (base === null) {
      // Warm-up (under a day): learn the spread from bucket-to-bucket changes only.
      const prev = s.history.at(-1)
      if (prev !== undefined) s.spread += (Math.abs(y - prev) / Math.SQRT2 - s.spread) * 0.05
      remember(y, 0)
      return null
    }
    const sigma = Math.max(1, s.spread * MEAN_ABS_TO_SIGMA)
    const residual = y - base
    const z = residual / sigma
    const clipped = Math.max(-opts.clipZ * sigma, Math.min(opts.clipZ * sigma, residual))
    s.spread += (Math.abs(clipped) - s.spread) * opts.spreadAlpha
    remember(base + clipped, clipped)

    let alert: SpikeAlert | null = null
    if (s.episodeQuiet !== null) {
      s.episodeQuiet = z < opts.quietZ ? s.episodeQuiet + 1 : 0
      if (s.episodeQuiet >= opts.quietBuckets) s.episodeQuiet = null
    } else {
      const bar = Math.max(opts.threshold, opts.peakShare * s.peak)
      if (z >= bar) {
        s.episodeQuiet = 0
        const expected = fromScale(base)
        alert = {
          at,
          observed: value,
          expected: round3(expected),
          severity: severityOf(value, expected),
          confidence: confidenceOf(z, bar),
        }
      }
    }
    s.peak = round3(Math.max(s.peak * peakDecay, z))
    return alert
  }

  function remember(y: number, residual: number) {
    s.history.push(round3(y))
    if (s.history.length > historyLength) s.history.shift()
    s.residuals.push(round3(residual))
    if (s.residuals.length > opts.levelBuckets) s.residuals.shift()
  }

  return {
    /** Adds the bucket at `at` (ms); returns the alert when this bucket raises an episode. */
    push(at: number, value: number): SpikeAlert | null {
      if (!Number.isFinite(at) || !Number.isFinite(value) || value < 0) {
        throw new RangeError(`push(${at}, ${value}): need a finite time and a count ≥ 0`)
      }
      // A replayed bucket (a worker retrying after a crash) changes nothing.
      if (s.lastAt !== null && at <= s.lastAt) return null
      if (s.lastAt !== null) {
        // Missing buckets are empty; more than the history's length is a fresh start.
        const gap = Math.min(Math.round((at - s.lastAt) / BUCKET_MS) - 1, historyLength)
        for (let i = 0; i < gap; i++) step(s.lastAt + (i + 1) * BUCKET_MS, 0)
      }
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

/** Median of a short list (sorts a copy). */
function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
