import { z } from 'zod'
import { SlaTargetsSchema } from '../sla.js'
import { ReplyApprovalRuleSchema } from './approval.js'
import { AutoAssignSchema } from './triage.js'

/** A watched brand as the console shows it. */
export const BrandViewSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  trackedTerms: z.array(z.string()),
  excludedTerms: z.array(z.string()),
  /** Languages listened in (primary subtags); empty listens in every language. */
  languages: z.array(z.string()),
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
  /** When an admin archived it (it listens to nothing; its data stays); null while it listens. */
  archivedAt: z.string().nullable(),
})
export type BrandView = z.infer<typeof BrandViewSchema>

/** A brand's terms as relevance reads them: posts naming an excluded term are not about it. */
export type BrandTerms = Pick<BrandView, 'trackedTerms' | 'excludedTerms'>

export const BrandListSchema = z.object({ data: z.array(BrandViewSchema) })

const Terms = z.array(z.string().trim().toLowerCase().min(1).max(100)).max(50)

/**
 * Primary language subtags (`en`, `pt`), as posts carry them. A post whose language is unknown
 * is always heard: a brand that listens in English still hears an unlabelled post.
 */
const Languages = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{2,3}$/, 'must be a language code such as en or pt'),
  )
  .max(30)
  .transform((langs) => [...new Set(langs)])

const BrandName = z.string().trim().min(1, 'must not be empty').max(200)

/** `GET /api/brands`: archived brands are left out unless asked for. */
export const ListBrandsQuery = z.object({
  archived: z
    .enum(['include', 'only'], "must be 'include' or 'only'")
    .optional()
    .describe('include: every brand; only: archived brands alone'),
})

/**
 * `POST /api/brands` (admins). The slug (its public address) is derived from the name; a brand
 * listens for its tracked terms, so it needs at least one.
 */
export const CreateBrandBody = z.object({
  name: BrandName,
  trackedTerms: Terms.min(1, 'name at least one term to listen for'),
  excludedTerms: Terms.default([]),
  languages: Languages.default([]),
  /** Response targets per priority band; omitted: Firebreak's defaults. */
  slaTargets: SlaTargetsSchema.optional(),
})
export type CreateBrandInput = z.input<typeof CreateBrandBody>

/** `DELETE /api/brands/:id`: the brand's name, typed again, confirms it. */
export const DeleteBrandBody = z.object({
  confirmName: z.string().trim().min(1, 'type the brand name'),
})

/** Lowercase letters and digits joined by single hyphens, at most 60 characters. */
export const BRAND_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * The slug a name gives: accents dropped, anything else between letters and digits a hyphen
 * ("Café Noir!" → "cafe-noir"); "brand" when nothing is left (a name in another script).
 */
export function slugFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  return slug || 'brand'
}

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
    name: BrandName,
    trackedTerms: Terms,
    excludedTerms: Terms,
    languages: Languages,
    howWeRankPublic: z.boolean('must be true or false'),
    autoAssign: AutoAssignSchema,
    /** null keeps raw posts for good. */
    postRetentionDays: Days(1).nullable(),
    rollupRetentionDays: Days(30),
  })
  .partial()
  .refine(
    (b) => Object.keys(b).length > 0,
    'give name, trackedTerms, excludedTerms, languages, howWeRankPublic, autoAssign, postRetentionDays or rollupRetentionDays',
  )

/** Where a brand that publishes its "How we rank" page serves it, without a session. */
export const howWeRankPath = (slug: string) =>
  `/public/brands/${encodeURIComponent(slug)}/how-we-rank`

/** The public page's address: a brand's slug. */
export const PublicBrandParams = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,199}$/i, 'must be a brand slug'),
})

/**
 * `GET /api/brands/:id/listening`: whether anything still feeds a brand, so a console that is
 * connected ("Live") can also say that nothing new will arrive. `ended`: every source it had
 * played to its end (`demo`: the demo among them); `no-source`: none is enabled.
 */
export const BrandListeningSchema = z.object({
  data: z.object({
    state: z.enum(['listening', 'ended', 'no-source', 'archived']),
    demo: z.boolean(),
  }),
})
export type BrandListening = z.infer<typeof BrandListeningSchema>['data']
