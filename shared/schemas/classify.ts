import { z } from 'zod'
import { SENTIMENT_LABELS } from './scoring.js'

/** Longest text `classify` takes: longer is a mistake (a whole file on one line), not a post. */
export const CLASSIFY_TEXT_LIMIT = 100_000

/** One line of `npm run -s classify` input. */
export const ClassifyInputSchema = z.object({
  id: z.union([z.string(), z.number()], { error: 'id must be a string or a number' }),
  text: z
    .string({ error: 'text must be a string' })
    .max(CLASSIFY_TEXT_LIMIT, `text is longer than ${CLASSIFY_TEXT_LIMIT} characters`),
})
export type ClassifyInput = z.infer<typeof ClassifyInputSchema>

/** One line of `npm run -s classify` output, in the order of the input. */
export const ClassifyOutputSchema = z.object({
  id: z.union([z.string(), z.number()]),
  label: z.enum(SENTIMENT_LABELS),
  score: z.number().min(-1).max(1),
  confidence: z.number().min(0).max(1),
  complaint: z.boolean(),
  complaint_score: z.number().min(0).max(1),
  language: z.string(),
  /** False when no model reads the language: low confidence, for a person to read. */
  supported: z.boolean(),
  reasons: z.array(z.string()),
})
export type ClassifyOutput = z.infer<typeof ClassifyOutputSchema>

/** What `classify` writes on stderr for a line it could not read. */
export const ClassifyErrorSchema = z.object({
  line: z.number().int().positive(),
  id: z.union([z.string(), z.number()]).optional(),
  error: z.string(),
})
export type ClassifyError = z.infer<typeof ClassifyErrorSchema>
