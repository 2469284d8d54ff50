import { z } from 'zod'
import { ReplyApprovalRuleSchema } from './approval.js'
import { AutoAssignSchema } from './triage.js'

/** A watched brand as the console shows it. */
export const BrandViewSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  trackedTerms: z.array(z.string()),
  excludedTerms: z.array(z.string()),
  seq: z.number().int(),
  /** Whether the brand publishes its "How we rank" page (HOW_WE_RANK_PATH) for anyone to read. */
  howWeRankPublic: z.boolean(),
  /** Auto-assignment of new complaints to online agents under their cap; off by default. */
  autoAssign: AutoAssignSchema,
  /** Which replies need an adviser's approval; `none` by default. */
  replyApproval: ReplyApprovalRuleSchema,
  /** Days raw posts are kept (their rollups stay); null keeps them. */
  postRetentionDays: z.number().int().nullable(),
  /** Days rollups are kept, every grain alike; a dashboard range may not reach further back. */
  rollupRetentionDays: z.number().int(),
})
export type BrandView = z.infer<typeof BrandViewSchema>

/** A brand's terms as relevance reads them: posts naming an excluded term are not about it. */
export type BrandTerms = Pick<BrandView, 'trackedTerms' | 'excludedTerms'>

export const BrandListSchema = z.object({ data: z.array(BrandViewSchema) })

const Terms = z.array(z.string().trim().toLowerCase().min(1).max(100)).max(50)

/** A whole number of days in [min, 3650]. */
const Days = (min: number) =>
  z
    .number('must be a number of days')
    .int('must be a whole number of days')
    .min(min, `must be at least ${min} day${min === 1 ? '' : 's'}`)
    .max(3650, 'must be at most 3650 days')

/** Brand settings an admin changes. */
export const UpdateBrandBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    trackedTerms: Terms,
    excludedTerms: Terms,
    howWeRankPublic: z.boolean('must be true or false'),
    autoAssign: AutoAssignSchema,
    /** null keeps raw posts for good. */
    postRetentionDays: Days(1).nullable(),
    rollupRetentionDays: Days(30),
  })
  .partial()
  .refine(
    (b) => Object.keys(b).length > 0,
    'give name, trackedTerms, excludedTerms, howWeRankPublic, autoAssign, postRetentionDays or rollupRetentionDays',
  )

/** Where a brand that publishes its "How we rank" page serves it, without a session. */
export const howWeRankPath = (slug: string) =>
  `/public/brands/${encodeURIComponent(slug)}/how-we-rank`

/** The public page's address: a brand's slug. */
export const PublicBrandParams = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,199}$/i, 'must be a brand slug'),
})
