import { z } from 'zod'

/** One's own draft of a reply, saved as one types. An empty text deletes it. */
export const PutDraftBody = z.object({ text: z.string().max(40_000) })

/** One's own draft, to restore in the composer; its text is raw: render it as text. */
export const DraftViewSchema = z.object({
  complaintId: z.string(),
  text: z.string(),
  updatedAt: z.string(),
})
export type DraftView = z.infer<typeof DraftViewSchema>

/** Who has a draft on a complaint, and since when: what the team sees, never the text. */
export const DraftSummarySchema = z.object({
  complaintId: z.string(),
  author: z.object({ id: z.string(), name: z.string() }),
  updatedAt: z.string(),
})
export type DraftSummary = z.infer<typeof DraftSummarySchema>

/** A draft saved or gone (`updatedAt: null`: deleted or sent), pushed to the brand's team. */
export const DraftChangedSchema = z.object({
  brandId: z.string(),
  complaintId: z.string(),
  author: z.object({ id: z.string(), name: z.string() }),
  updatedAt: z.string().nullable(),
})
export type DraftChanged = z.infer<typeof DraftChangedSchema>
