/**
 * Which replies need an adviser's approval before they go out: a brand's rule, applied when a
 * reply is written and again when its author resubmits it after a send-back.
 */

/** none (the default), at or above a priority, from chosen people, or every reply. */
export const APPROVAL_MODES = ['none', 'above_priority', 'agents', 'all'] as const
export type ApprovalMode = (typeof APPROVAL_MODES)[number]

/** A brand's approval rule; `threshold` and `userIds` matter only in their own mode. */
export type ApprovalRule =
  | { mode: 'none' }
  | { mode: 'above_priority'; threshold: number }
  | { mode: 'agents'; userIds: string[] }
  | { mode: 'all' }

/**
 * Why a reply needs approval under `rule`, in words for the adviser ("priority 72.4, at or
 * above 60"), or null when it goes straight to delivery. `priority` is the complaint's live
 * priority when the reply is submitted.
 */
export function approvalReason(
  rule: ApprovalRule,
  reply: { authorId: string; priority: number },
): string | null {
  switch (rule.mode) {
    case 'none':
      return null
    case 'all':
      return 'every reply of this brand needs approval'
    case 'above_priority':
      return reply.priority >= rule.threshold
        ? `priority ${reply.priority.toFixed(1)}, at or above ${rule.threshold}`
        : null
    case 'agents':
      return rule.userIds.includes(reply.authorId) ? "its writer's replies need approval" : null
  }
}

/** The most a send-back comment may say. */
export const REVIEW_COMMENT_MAX = 2000
