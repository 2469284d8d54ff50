import { z } from 'zod'

/** A watched brand as the console shows it. */
export const BrandViewSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  trackedTerms: z.array(z.string()),
  excludedTerms: z.array(z.string()),
  seq: z.number().int(),
})
export type BrandView = z.infer<typeof BrandViewSchema>

export const BrandListSchema = z.object({ data: z.array(BrandViewSchema) })
