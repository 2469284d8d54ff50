import { z } from 'zod'

/**
 * Response targets (SLA) and what a complaint's answer did. Shared by the server (which
 * computes deadlines and records breaches) and the console (which counts the time left down
 * live): one definition of bands, targets, deadlines and outcomes on both sides.
 */

/**
 * Priority bands, highest first: the same cut-offs the console has always coloured priorities
 * by (critical 70+, high 50+, medium 30+, low). A complaint's SLA band reads its *base*
 * priority (without waiting), so a band does not climb by itself while a complaint waits
 * (waiting already raises it in the queue) and its deadline stays put.
 */
export const PRIORITY_BANDS = ['critical', 'high', 'medium', 'low'] as const
export type PriorityBand = (typeof PRIORITY_BANDS)[number]

/** The lowest priority of each band. */
export const PRIORITY_BAND_MIN: Record<PriorityBand, number> = {
  critical: 70,
  high: 50,
  medium: 30,
  low: Number.NEGATIVE_INFINITY,
}

export const PRIORITY_BAND_TEXT: Record<PriorityBand, string> = {
  critical: 'Critical (70+)',
  high: 'High (50–69)',
  medium: 'Medium (30–49)',
  low: 'Low (under 30)',
}

/** The band of a priority. */
export function priorityBand(priority: number): PriorityBand {
  return PRIORITY_BANDS.find((band) => priority >= PRIORITY_BAND_MIN[band]) ?? 'low'
}

/** Shortest and longest target, in minutes: 15 minutes to 30 days. */
export const SLA_MIN_MINUTES = 15
export const SLA_MAX_MINUTES = 30 * 24 * 60

const Minutes = z
  .number('must be a number of minutes')
  .int('must be whole minutes')
  .min(SLA_MIN_MINUTES, `must be at least ${SLA_MIN_MINUTES} minutes`)
  .max(SLA_MAX_MINUTES, `must be at most ${SLA_MAX_MINUTES} minutes (30 days)`)

/**
 * One band's targets: the first answer to a new complaint, and the next answer owed once the
 * author posts again after one.
 */
export const BandTargetsSchema = z.object({ firstMinutes: Minutes, nextMinutes: Minutes })
export type BandTargets = z.infer<typeof BandTargetsSchema>

/** A brand's targets for every band. */
export const SlaTargetsSchema = z
  .object({
    critical: BandTargetsSchema,
    high: BandTargetsSchema,
    medium: BandTargetsSchema,
    low: BandTargetsSchema,
  })
  .superRefine((targets, ctx) => {
    // A more urgent band never gets more time than a less urgent one: that would be a typo.
    for (let i = 1; i < PRIORITY_BANDS.length; i++) {
      const higher = PRIORITY_BANDS[i - 1]!
      const lower = PRIORITY_BANDS[i]!
      for (const key of ['firstMinutes', 'nextMinutes'] as const)
        if (targets[higher][key] > targets[lower][key])
          ctx.addIssue({
            code: 'custom',
            path: [higher, key],
            message: `must not be longer than the ${lower} band's (${targets[lower][key]} minutes)`,
          })
    }
  })
export type SlaTargets = z.infer<typeof SlaTargetsSchema>

/**
 * Targets of a brand that set none. Low matches the scoring's 24-hour response target, by
 * which waiting brings any complaint to the top of the queue.
 */
export const DEFAULT_SLA_TARGETS: SlaTargets = {
  critical: { firstMinutes: 60, nextMinutes: 60 },
  high: { firstMinutes: 4 * 60, nextMinutes: 2 * 60 },
  medium: { firstMinutes: 12 * 60, nextMinutes: 8 * 60 },
  low: { firstMinutes: 24 * 60, nextMinutes: 24 * 60 },
}

/** A brand's stored targets (null or unreadable: the defaults). */
export function effectiveTargets(stored: unknown): SlaTargets {
  const parsed = SlaTargetsSchema.safeParse(typeof stored === 'string' ? safeJson(stored) : stored)
  return parsed.success ? parsed.data : DEFAULT_SLA_TARGETS
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** Which answer is owed: the first to a complaint, or the next after the author spoke again. */
export const SLA_KINDS = ['first', 'next'] as const
export type SlaKind = (typeof SLA_KINDS)[number]

/** The response a complaint is owed now, with its deadline; what views carry. */
export const SlaViewSchema = z.object({
  kind: z.enum(SLA_KINDS),
  band: z.enum(PRIORITY_BANDS),
  targetMinutes: z.number().int(),
  /** When the clock started: the complaint's arrival, or the author's post that reopened it. */
  since: z.string(),
  dueAt: z.string(),
})
export type SlaView = z.infer<typeof SlaViewSchema>

/** States in which an answer is owed: someone has to act (waiting is the author's turn). */
export const SLA_STATES = ['new', 'open'] as const

/**
 * The response a complaint owes at its present state, or null when none is owed: before its
 * first answer the clock runs from its arrival; after one, only from the moment its author
 * posted again (`nextResponseFrom`) until the next answer.
 */
export function owedResponse(
  c: {
    state: string
    basePriority: number
    firstSeenAt: Date
    firstResponseAt: Date | null
    nextResponseFrom: Date | null
  },
  targets: SlaTargets,
): SlaView | null {
  if (!(SLA_STATES as readonly string[]).includes(c.state)) return null
  const kind: SlaKind = c.firstResponseAt === null ? 'first' : 'next'
  const since = kind === 'first' ? c.firstSeenAt : c.nextResponseFrom
  if (!since) return null
  const band = priorityBand(c.basePriority)
  const targetMinutes = targets[band][kind === 'first' ? 'firstMinutes' : 'nextMinutes']
  return {
    kind,
    band,
    targetMinutes,
    since: since.toISOString(),
    dueAt: new Date(since.getTime() + targetMinutes * 60_000).toISOString(),
  }
}

/** How close a deadline is, for colour and words alike (never colour alone). */
export type SlaUrgency = 'ok' | 'soon' | 'urgent' | 'breached'

/**
 * More than half the target left: ok (neutral); half to a quarter: soon; under a quarter:
 * urgent (amber); past the deadline: breached (red).
 */
export function slaUrgency(sla: Pick<SlaView, 'dueAt' | 'targetMinutes'>, now: number): SlaUrgency {
  const left = Date.parse(sla.dueAt) - now
  if (left <= 0) return 'breached'
  const share = left / (sla.targetMinutes * 60_000)
  if (share < 0.25) return 'urgent'
  if (share <= 0.5) return 'soon'
  return 'ok'
}

/** What a reply did, read from its author's sentiment after it compared with before. */
export const OUTCOMES = ['recovered', 'unchanged', 'worse'] as const
export type Outcome = (typeof OUTCOMES)[number]

export const OUTCOME_TEXT: Record<Outcome, string> = {
  recovered: 'Recovered',
  unchanged: 'Unchanged',
  worse: 'Worse',
}

/**
 * Thresholds on the analyzer's sentiment (−1 negative … +1 positive, P(positive) −
 * P(negative)). A move of 0.25 is a clear change of tone (roughly from "angry" to "annoyed",
 * or from "annoyed" to "neutral"); smaller moves are the analyzer's noise on short posts.
 * Recovered also needs the author to end no longer negative (after ≥ −0.05, neutral or
 * better): a furious author who becomes merely angry has not recovered.
 */
export const OUTCOME_MIN_CHANGE = 0.25
export const OUTCOME_RECOVERED_FLOOR = -0.05

/** The outcome of sentiment `before` the reply and `after` it (each the mean of their posts). */
export function outcomeOf(before: number, after: number): Outcome {
  const change = after - before
  if (change >= OUTCOME_MIN_CHANGE && after >= OUTCOME_RECOVERED_FLOOR) return 'recovered'
  if (change <= -OUTCOME_MIN_CHANGE) return 'worse'
  return 'unchanged'
}

export const OutcomeViewSchema = z.object({
  outcome: z.enum(OUTCOMES),
  /** The author's mean sentiment over their posts of the thread up to the reply, and after it. */
  before: z.number(),
  after: z.number(),
  at: z.string(),
})
export type OutcomeView = z.infer<typeof OutcomeViewSchema>

const signed = (n: number) => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(2)}`

/** "sentiment −0.62 before, +0.40 after": the figures an outcome was decided on. */
export const outcomeFigures = (o: Pick<OutcomeView, 'before' | 'after'>) =>
  `sentiment ${signed(o.before)} before, ${signed(o.after)} after`

/** Response times of a complaint, in whole seconds from its arrival (null until they happen). */
export const ResponseTimesSchema = z.object({
  firstResponseAt: z.string().nullable(),
  firstResponseSeconds: z.number().int().nullable(),
  /** When it last entered `resolved`; a reopen clears it, resolving again sets it again. */
  resolvedAt: z.string().nullable(),
  resolutionSeconds: z.number().int().nullable(),
})
export type ResponseTimes = z.infer<typeof ResponseTimesSchema>

/** A brand's first-response times over a window, for the trends work. */
export const ResponseTimeStatsSchema = z.object({
  brandId: z.string(),
  days: z.number().int(),
  /** Complaints that arrived in the window and got a first answer. */
  answered: z.number().int(),
  /** Complaints that arrived in the window and got none yet. */
  unanswered: z.number().int(),
  firstResponse: z.object({
    p50Seconds: z.number().nullable(),
    p90Seconds: z.number().nullable(),
  }),
  resolution: z.object({
    resolved: z.number().int(),
    p50Seconds: z.number().nullable(),
    p90Seconds: z.number().nullable(),
  }),
})
export type ResponseTimeStats = z.infer<typeof ResponseTimeStatsSchema>

export const ResponseTimesQuery = z.object({
  days: z.coerce.number('must be a number of days').int().min(1).max(365).default(30),
})

/** A brand's targets as its settings card shows them. */
export const SlaTargetsViewSchema = z.object({
  brandId: z.string(),
  targets: SlaTargetsSchema,
  /** Whether these are Firebreak's defaults (the brand set none). */
  isDefault: z.boolean(),
})
export type SlaTargetsView = z.infer<typeof SlaTargetsViewSchema>

export const PutSlaTargetsBody = z.object({ targets: SlaTargetsSchema })
