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

const Terms = z.array(z.string().trim().toLowerCase().min(1).max(100)).max(50)

/** Brand settings an admin changes. */
export const UpdateBrandBody = z
  .object({ name: z.string().trim().min(1).max(200), trackedTerms: Terms, excludedTerms: Terms })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'give name, trackedTerms or excludedTerms')
