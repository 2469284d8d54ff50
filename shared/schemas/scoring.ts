import { z } from 'zod'

/** One itemised part of a priority score: what went in, how much it weighed, what it added. */
export const ScoreFactorSchema = z.object({
  key: z.string(),
  label: z.string(),
  input: z.number(),
  weight: z.number(),
  contribution: z.number(),
  note: z.string(),
})
export type ScoreFactor = z.infer<typeof ScoreFactorSchema>

/** Why a post has its priority, under which scoring version: every score explains itself. */
export const ScoreExplanationSchema = z.object({
  version: z.string(),
  priority: z.number(),
  factors: z.array(ScoreFactorSchema),
  summary: z.string(),
})
export type ScoreExplanation = z.infer<typeof ScoreExplanationSchema>

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number]

/** What the analyzer concluded about one text, with the evidence it used. */
export const AnalysisSchema = z.object({
  version: z.string(),
  /** Positive minus negative probability, -1..1. */
  sentiment: z.number().min(-1).max(1),
  label: z.enum(SENTIMENT_LABELS),
  /** Probability of the label, 0..1; low for posts in languages the models cannot read. */
  confidence: z.number().min(0).max(1),
  isComplaint: z.boolean(),
  /** Probability that the post is a complaint, 0..1. */
  complaintScore: z.number().min(0).max(1),
  /** ISO 639-1 code of the post's language, or "und". */
  language: z.string(),
  /**
   * Whether a model reads the post's language. False: a person who reads it must (the label is
   * only from emoji, with low confidence), and the console says so.
   */
  supported: z.boolean(),
  explanation: z.object({
    /** The rules and words that drove the sentiment: "negation: not happy", "emoji: 😡". */
    reasons: z.array(z.string()),
    /** The same for the complaint decision: "complaint cue: still waiting". */
    complaintReasons: z.array(z.string()),
    complaintCues: z.array(z.string()),
    tokens: z.number().int(),
    /** A brand's excluded term the post matched: then it is not a complaint about the brand. */
    excludedTerm: z.string().nullable().optional(),
  }),
})
export type Analysis = z.infer<typeof AnalysisSchema>
