import { z } from 'zod'
import { OutcomeViewSchema } from '../sla.js'
import { COMPLAINT_STATES } from '../triage.js'

/** One account of a complainer on one network, with its reach normalised within that network. */
export const ComplainerAccountSchema = z.object({
  authorId: z.number().int(),
  network: z.string(),
  handle: z.string(),
  displayName: z.string().nullable(),
  followers: z.number().nullable(),
  karma: z.number().nullable(),
  /** The network vouches for the account; null where it does not say. */
  verified: z.boolean().nullable(),
  /** Percentile 0..1 among the authors seen on the same network; null until first computed. */
  reach: z.number().nullable(),
})
export type ComplainerAccount = z.infer<typeof ComplainerAccountSchema>

/**
 * A person (accounts an adviser linked) or a single account, ranked by complaint impact: the
 * sum of the priorities (without waiting) of their complaint posts in the window.
 */
export const ComplainerViewSchema = z.object({
  /** `p-<person id>` for linked accounts, `a-<author id>` for a single account. */
  key: z.string(),
  personId: z.string().nullable(),
  name: z.string(),
  accounts: z.array(ComplainerAccountSchema),
  complaints: z.number().int(),
  impact: z.number(),
  lastComplaintAt: z.string(),
})
export type ComplainerView = z.infer<typeof ComplainerViewSchema>

export const ListComplainersQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(7),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

export const ComplainerParams = z.object({
  brandId: z.uuid('must be a brand id'),
  key: z.string().regex(/^(p-[0-9a-f-]{36}|a-\d{1,18})$/, 'must be p-<person id> or a-<author id>'),
})

/** One complaint post in a complainer's history, with its thread's triage state. */
export const ComplainerPostSchema = z.object({
  postId: z.number().int(),
  authorId: z.number().int(),
  network: z.string(),
  text: z.string(),
  postedAt: z.string(),
  priority: z.number(),
  version: z.string().nullable(),
  complaintId: z.string().nullable(),
  state: z.enum(COMPLAINT_STATES).nullable(),
  /** What the brand's latest reply in that thread did to their tone (shared/sla.ts). */
  outcome: OutcomeViewSchema.nullable().optional(),
})

export const ReachPointSchema = z.object({
  authorId: z.number().int(),
  network: z.string(),
  reach: z.number(),
  raw: z.number(),
  followers: z.number().nullable(),
  karma: z.number().nullable(),
  verified: z.boolean().nullable(),
  typicalEngagement: z.number(),
  computedAt: z.string(),
})

/** A complainer's history with the brand: complaints, reach over time, how threads ended. */
export const ComplainerDetailSchema = z.object({
  complainer: ComplainerViewSchema.omit({ complaints: true, impact: true, lastComplaintAt: true }),
  posts: z.array(ComplainerPostSchema),
  reachHistory: z.array(ReachPointSchema),
  /** Past interactions: the complainer's threads by triage state. */
  threads: z.object({ open: z.number(), resolved: z.number(), dismissed: z.number() }),
})
export type ComplainerDetail = z.infer<typeof ComplainerDetailSchema>

/** Link accounts as one person: into an existing person, or a new one named `name`. */
export const LinkAccountsBody = z
  .object({
    authorIds: z.array(z.number().int().positive()).min(1).max(20),
    personId: z.uuid().optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .refine((b) => b.personId || b.authorIds.length >= 2, {
    path: ['authorIds'],
    message: 'link at least two accounts, or one into an existing person',
  })
export type LinkAccountsBody = z.infer<typeof LinkAccountsBody>

export const AuthorParams = z.object({ authorId: z.coerce.number().int().positive() })
