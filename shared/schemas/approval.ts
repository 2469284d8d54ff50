import { z } from 'zod'
import { REVIEW_COMMENT_MAX } from '../approval.js'
import { ReplyViewSchema } from './replies.js'

/** A brand's approval rule, as the API takes and shows it (see shared/approval.ts). */
export const ReplyApprovalRuleSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({
    mode: z.literal('above_priority'),
    threshold: z
      .number('must be a number')
      .min(0, 'must be 0 or more')
      .max(1000, 'must be at most 1000'),
  }),
  z.object({
    mode: z.literal('agents'),
    userIds: z
      .array(z.uuid('must be a user id'))
      .min(1, 'choose at least one person')
      .max(200, 'at most 200 people'),
  }),
  z.object({ mode: z.literal('all') }),
])
export type ReplyApprovalRule = z.infer<typeof ReplyApprovalRuleSchema>

/** The version of the reply the adviser saw: a step on a stale one is refused with 409. */
const Version = z.number('must be the version of the reply you saw').int().min(0)

/** Approve, as it is or with the adviser's edit (checked against the network's limit again). */
export const ApproveReplyBody = z.object({
  version: Version,
  text: z.string().trim().min(1, 'a reply needs text').max(40_000).optional(),
})

/** Send back to the author, saying what to change. */
export const ReturnReplyBody = z.object({
  version: Version,
  comment: z
    .string()
    .trim()
    .min(1, 'say what to change')
    .max(REVIEW_COMMENT_MAX, `at most ${REVIEW_COMMENT_MAX} characters`),
})

/** The author's edit of a returned reply, submitted again (the brand's rule runs again). */
export const ResubmitReplyBody = z.object({
  version: Version,
  text: z.string().trim().min(1, 'a reply needs text').max(40_000),
})

/** The writer drops a sent-back reply instead of submitting it again. */
export const DiscardReplyBody = z.object({ version: Version })

/** A reply in the approval queue, with what an adviser needs to judge it. Texts are raw. */
export const ApprovalItemViewSchema = z.object({
  reply: ReplyViewSchema,
  complaint: z.object({
    id: z.string(),
    /** The complaint author's handle on the network, and the start of the lead post. */
    handle: z.string(),
    excerpt: z.string(),
    /** Live priority now. */
    priority: z.number(),
    network: z.string(),
  }),
  /** The promise the reply makes (what, due ISO instant, owner's name), approved with it. */
  promise: z
    .object({ what: z.string(), dueAt: z.string(), owner: z.object({ name: z.string() }) })
    .nullable(),
})
export type ApprovalItemView = z.infer<typeof ApprovalItemViewSchema>

export const ApprovalQueueSchema = z.object({ data: z.array(ApprovalItemViewSchema) })

/** Replies waiting for approval, per brand: the navigation's badge. */
export const ApprovalCountSchema = z.object({
  data: z.array(z.object({ brandId: z.string(), slug: z.string(), count: z.number().int() })),
})
export type ApprovalCount = z.infer<typeof ApprovalCountSchema>
