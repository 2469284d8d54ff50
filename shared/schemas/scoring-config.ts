import { z } from 'zod'
import { cuePatternProblem } from '../scoring/cue-pattern.js'
import { ScoreExplanationSchema } from './scoring.js'

/** Factors of a priority, in the order explanations list them. `waiting` grows with time. */
export const FACTOR_KEYS = [
  'complaint',
  'confidence',
  'negativity',
  'reach',
  'engagement',
  'velocity',
  'recency',
  'escalation',
  'pick',
  'waiting',
] as const
export type FactorKey = (typeof FACTOR_KEYS)[number]

const weight = z.number().min(0).max(1000)

/** The most each factor can add; `waiting` is what waiting adds once the response target has passed. */
export const ScoringWeightsSchema = z.object(
  Object.fromEntries(FACTOR_KEYS.map((k) => [k, weight])) as Record<FactorKey, typeof weight>,
)
export type ScoringWeights = z.infer<typeof ScoringWeightsSchema>

/** A phrase that escalates a complaint (legal threat, safety, cancel, job or money harm). */
export const EscalationCueSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _'),
  label: z.string().min(1).max(80),
  /** A case-insensitive regular expression matched against the post text. */
  pattern: z
    .string()
    .min(1)
    .max(500)
    .superRefine((pattern, ctx) => {
      const problem = cuePatternProblem(pattern)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
  /** How strongly it escalates, 0..1; the strongest matching cue counts. */
  severity: z.number().min(0).max(1),
})
export type EscalationCue = z.infer<typeof EscalationCueSchema>

/**
 * What the reach factor reads. `log_followers`: followers on a log scale up to `reachCeiling`
 * (versions 1 and 2). `percentile`: where the author stands among the authors seen on the same
 * network (0..1, from followers, karma, verified and typical engagement), falling back to the
 * log scale of followers for an author whose percentile is not known yet.
 */
export const REACH_MEASURES = ['log_followers', 'percentile'] as const
export type ReachMeasure = (typeof REACH_MEASURES)[number]

/** The scoring configuration: data, versioned, validated on every side. */
export const ScoringConfigSchema = z.object({
  weights: ScoringWeightsSchema,
  /** Versions stored before the field existed read log followers, as they were scored. */
  reachMeasure: z.enum(REACH_MEASURES).default('log_followers'),
  /** Followers at which reach saturates (log scale; under `percentile`, for the fallback only). */
  reachCeiling: z.number().int().min(10),
  /** Weighted interactions (likes + 2 x shares + replies) at which engagement saturates. */
  engagementCeiling: z.number().int().min(10),
  /** Replies and reposts per hour at which velocity saturates (log scale). */
  velocityCeilingPerHour: z.number().min(1),
  /** Age at scoring time at which recency has halved. */
  recencyHalfLifeHours: z
    .number()
    .min(0.1)
    .max(24 * 30),
  /** The brand's response target: by then waiting alone outranks any fresh complaint. */
  responseTargetHours: z
    .number()
    .min(0.25)
    .max(24 * 30),
  cues: z.array(EscalationCueSchema).max(30),
})
export type ScoringConfig = z.infer<typeof ScoringConfigSchema>

/** Sum of every weight but waiting's: the most a fresh complaint can score. */
export const maxBase = (config: ScoringConfig): number =>
  FACTOR_KEYS.filter((k) => k !== 'waiting').reduce((sum, k) => sum + config.weights[k], 0)

/**
 * The fairness guarantee: at the response target, waiting alone adds more than everything
 * else a fresh complaint can score, so a zero-reach complaint outranks any fresh one by then.
 */
export const guaranteesFairness = (config: ScoringConfig): boolean =>
  config.weights.waiting > maxBase(config)

/**
 * A configuration a new version may have: it must keep the fairness guarantee, and say what
 * reach reads (a proposal that leaves it out must not fall back to log followers unnoticed).
 */
export const DraftScoringConfigSchema = ScoringConfigSchema.extend({
  reachMeasure: z.enum(REACH_MEASURES),
}).refine(guaranteesFairness, {
  path: ['weights', 'waiting'],
  message: 'waiting must outweigh all other weights together, or fairness is lost',
})

export const SCORING_STATUSES = ['draft', 'published'] as const
export type ScoringStatus = (typeof SCORING_STATUSES)[number]

export const RESCORE_STATES = ['pending', 'running', 'done', 'failed'] as const

/** Progress of the rescore that adds a version's rows to stored complaints. */
export const RescoreProgressSchema = z.object({
  versionId: z.number().int(),
  key: z.string(),
  state: z.enum(RESCORE_STATES).nullable(),
  done: z.number().int(),
  total: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
})
export type RescoreProgress = z.infer<typeof RescoreProgressSchema>

/** A scoring version as the API and the console show it. */
export const ScoringVersionViewSchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  /** The readable version string stored beside every score: `priority-<number>`. */
  key: z.string(),
  status: z.enum(SCORING_STATUSES),
  config: ScoringConfigSchema,
  changelog: z.string().nullable(),
  effectiveAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  publishedBy: z.string().nullable(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  /** Whether this is the version new scores are written under now. */
  isCurrent: z.boolean(),
  rescore: RescoreProgressSchema,
})
export type ScoringVersionView = z.infer<typeof ScoringVersionViewSchema>

export const ScoringVersionListSchema = z.object({ data: z.array(ScoringVersionViewSchema) })

export const ScoringVersionParams = z.object({ versionId: z.coerce.number().int().positive() })

/** Propose (or replace) the draft version. */
export const SaveDraftBody = z.object({ config: DraftScoringConfigSchema })

/** Shadow-run a version over a brand's complaints first seen in [from, to). */
export const PreviewBody = z
  .object({
    brandId: z.uuid('must be a brand id'),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    top: z.number().int().min(1).max(200).default(50),
  })
  .refine((b) => Date.parse(b.from) < Date.parse(b.to), {
    path: ['to'],
    message: 'must be after from',
  })
export type PreviewBody = z.infer<typeof PreviewBody>

/** One complaint's move between the current version and the previewed one. */
export const PreviewMoveSchema = z.object({
  complaintId: z.string(),
  handle: z.string(),
  text: z.string(),
  before: z.object({ priority: z.number(), rank: z.number().int() }),
  after: z.object({ priority: z.number(), rank: z.number().int() }),
})
export type PreviewMove = z.infer<typeof PreviewMoveSchema>

/** What publishing a version would change over the chosen period. */
export const PreviewResultSchema = z.object({
  versionId: z.number().int(),
  baselineKey: z.string(),
  key: z.string(),
  complaints: z.number().int(),
  at: z.string(),
  movedUp: z.array(PreviewMoveSchema),
  movedDown: z.array(PreviewMoveSchema),
  enteredTop: z.array(PreviewMoveSchema),
  leftTop: z.array(PreviewMoveSchema),
  top: z.number().int(),
})
export type PreviewResult = z.infer<typeof PreviewResultSchema>

/** Publish a draft with its changelog entry, now or at a later effective time. */
export const PublishBody = z.object({
  changelog: z.string().trim().min(10, 'say what changed and why').max(4000),
  effectiveAt: z.iso.datetime({ offset: true }).optional(),
})
export type PublishBody = z.infer<typeof PublishBody>

/** A post's score under one version, as stored (explanations are never rewritten). */
export const StoredScoreViewSchema = z.object({
  version: z.string(),
  /** 0 when first scored; higher when the lead was scored again as its thread grew. */
  revision: z.number().int(),
  priority: z.number(),
  /** Priority before waiting; null for scores stored before it was kept. */
  basePriority: z.number().nullable(),
  explanation: ScoreExplanationSchema,
  createdAt: z.string(),
})
export type StoredScoreView = z.infer<typeof StoredScoreViewSchema>

/** A complaint's lead post under every version that scored it, oldest version first. */
export const ComplaintScoresSchema = z.object({
  complaintId: z.string(),
  leadPostId: z.number().int(),
  scoringVersion: z.string(),
  data: z.array(StoredScoreViewSchema),
})
export type ComplaintScores = z.infer<typeof ComplaintScoresSchema>

export const ComplaintParams = z.object({ complaintId: z.uuid('must be a complaint id') })
