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
  sentiment: z.number().min(-1).max(1),
  label: z.enum(SENTIMENT_LABELS),
  isComplaint: z.boolean(),
  explanation: z.object({
    negativeTerms: z.array(z.string()),
    positiveTerms: z.array(z.string()),
    complaintCues: z.array(z.string()),
    tokens: z.number().int(),
    /** A brand's excluded term the post matched: then it is not a complaint about the brand. */
    excludedTerm: z.string().nullable().optional(),
  }),
})
export type Analysis = z.infer<typeof AnalysisSchema>
