import { z } from 'zod'

/**
 * Leadership's view (issue 16): rollups of a brand's posts per minute, hour and day, read by
 * the dashboard, its exports and the spike detector. Counted by when a post was written
 * (`posted_at`, UTC buckets), kept current by the analysis transaction, never by scanning posts
 * when someone reads.
 */
export const TREND_GRAINS = ['minute', 'hour', 'day'] as const
export type TrendGrain = (typeof TREND_GRAINS)[number]

/** What a rollup row is broken down by; `all` is the brand's total (key ''). */
export const TREND_DIMENSIONS = ['all', 'network', 'language', 'theme'] as const
export type TrendDimension = (typeof TREND_DIMENSIONS)[number]

/** The ranges the dashboard's picker offers; `custom` reads `from` and `to`. */
export const TREND_RANGES = ['24h', '7d', '30d', 'custom'] as const
export type TrendRange = (typeof TREND_RANGES)[number]

const IsoTime = z.iso.datetime({ offset: true, message: 'must be an ISO time' })

/**
 * A dashboard range. `range` picks the last 24 h, 7 d or 30 d up to now; `custom` needs `from`
 * and `to`. The server refuses an empty or reversed range, one longer than the brand keeps its
 * rollups, and a grain that would give more than TREND_MAX_POINTS buckets.
 */
export const TrendRangeQuery = z.object({
  range: z.enum(TREND_RANGES).default('24h'),
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  /**
   * Omitted: minute up to 36 h, hour up to 60 days, else day, coarser when the brand no longer
   * keeps that grain for the range (minute buckets go after 35 days). Named: refused if so.
   */
  grain: z.enum(TREND_GRAINS).optional(),
  /** Also return the period of the same length just before. */
  compare: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
})
export type TrendRangeQuery = z.infer<typeof TrendRangeQuery>

/** More buckets than this in one series is refused (pick a coarser grain). */
export const TREND_MAX_POINTS = 5000

/** One bucket's counts. Shares are null when the bucket has no posts. */
export const TrendPointSchema = z.object({
  at: z.string(),
  posts: z.number().int(),
  complaints: z.number().int(),
  positive: z.number().int(),
  neutral: z.number().int(),
  negative: z.number().int(),
  /** negative / posts. */
  negativeShare: z.number().nullable(),
  /** Reach-weighted negativity: the negative posts' authors' reach over all posts' reach. */
  reachNegativity: z.number().nullable(),
})
export type TrendPoint = z.infer<typeof TrendPointSchema>

/** Sums over a whole period (the same fields as a point, without `at`). */
export const TrendTotalsSchema = TrendPointSchema.omit({ at: true })
export type TrendTotals = z.infer<typeof TrendTotalsSchema>

/** A resolved period: what the range meant when the server read it. */
export const TrendPeriodSchema = z.object({ from: z.string(), to: z.string() })

/** One breakdown line: a network, a language or a theme, with its own points and totals. */
export const TrendBreakdownSchema = z.object({
  dimension: z.enum(['network', 'language', 'theme']),
  key: z.string(),
  /** What to show: the network's or language's name, or the theme's current name. */
  label: z.string(),
  totals: TrendTotalsSchema,
  /**
   * The grain of `points`: the view's, coarsened (minute → hour → day) until the period has at
   * most BREAKDOWN_MAX_POINTS buckets. A line per key at minute grain would be tens of
   * thousands of points that no chart tells apart.
   */
  grain: z.enum(TREND_GRAINS),
  points: z.array(TrendPointSchema),
})

/** The most buckets a breakdown line has (see TrendBreakdownSchema.grain). */
export const BREAKDOWN_MAX_POINTS = 200
export type TrendBreakdown = z.infer<typeof TrendBreakdownSchema>

/** GET /api/brands/:brandId/trends: the series, with the previous period when asked. */
export const TrendsViewSchema = z.object({
  brandId: z.string(),
  grain: z.enum(TREND_GRAINS),
  period: TrendPeriodSchema,
  totals: TrendTotalsSchema,
  points: z.array(TrendPointSchema),
  /** Top networks, languages and themes by posts in the period (up to 8 each). */
  breakdown: z.array(TrendBreakdownSchema),
  previous: z
    .object({
      period: TrendPeriodSchema,
      totals: TrendTotalsSchema,
      points: z.array(TrendPointSchema),
    })
    .nullable(),
  asOf: z.string(),
})
export type TrendsView = z.infer<typeof TrendsViewSchema>

/** Where a top complainer stands: nobody answered, answered, and what the answer did. */
export const COMPLAINER_STANDINGS = [
  'unanswered',
  'answered',
  'recovered',
  'unchanged',
  'worse',
] as const

/** GET /api/brands/:brandId/dashboard/complainers: the most-reached complainers of the period. */
export const TopComplainerSchema = z.object({
  authorId: z.number().int(),
  handle: z.string(),
  network: z.string(),
  displayName: z.string().nullable(),
  followers: z.number().int().nullable(),
  reach: z.number().nullable(),
  complaints: z.number().int(),
  standing: z.enum(COMPLAINER_STANDINGS),
  /** Their highest-priority complaint of the period: the console's thread link. */
  complaintId: z.string(),
})
export type TopComplainer = z.infer<typeof TopComplainerSchema>

/** Response KPIs of a period (and of the previous one when asked). */
export const ResponseKpisSchema = z.object({
  /**
   * First responses of the complaints that arrived in the period: p50/p90 are percentile_cont
   * read from log bins (a factor 1.02 of 1 + seconds each, response rollups of migration 0025),
   * so within 1% of (1 s + the exact value), then whole seconds; `answered` is exact.
   */
  firstResponse: z.object({
    p50Ms: z.number().nullable(),
    p90Ms: z.number().nullable(),
    answered: z.number().int(),
  }),
  /** The fairness check: share answered among the top 100 complainers by reach, and the rest. */
  answeredShare: z.object({ top100: z.number().nullable(), rest: z.number().nullable() }),
  /** Of the answered complaints with an outcome, the share whose author recovered. */
  recoveredShare: z.number().nullable(),
  promises: z.object({
    made: z.number().int(),
    kept: z.number().int(),
    broken: z.number().int(),
    open: z.number().int(),
    overdue: z.number().int(),
  }),
})
export type ResponseKpis = z.infer<typeof ResponseKpisSchema>

/** GET /api/brands/:brandId/dashboard/kpis. */
export const KpisViewSchema = z.object({
  period: TrendPeriodSchema,
  kpis: ResponseKpisSchema,
  previous: z.object({ period: TrendPeriodSchema, kpis: ResponseKpisSchema }).nullable(),
  asOf: z.string(),
})
export type KpisView = z.infer<typeof KpisViewSchema>

/**
 * GET trends: a range, and at most one of a network, a language or a theme whose own series
 * to read instead of the brand's total (the breakdown stays the brand's). One the brand has
 * never seen is refused.
 */
export const TrendsQuery = TrendRangeQuery.extend({
  network: z.string().min(1).max(200).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/, 'must be a language code (ISO 639, "und" when unknown)')
    .optional(),
  theme: z.uuid('must be a theme id').optional(),
})
export type TrendsQuery = z.infer<typeof TrendsQuery>

/** GET exports/rollups.csv: a range and which breakdown's rows to export. */
export const RollupsExportQuery = TrendRangeQuery.extend({
  dimension: z.enum(TREND_DIMENSIONS).default('all'),
})
export type RollupsExportQuery = z.infer<typeof RollupsExportQuery>
