import { approvalReason, type ApprovalRule } from '../../../../shared/approval.js'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import { livePriority } from '../complaints/livePriority.js'

/**
 * Says, before sending, why the brand's rule will hold this reply for an adviser, or null when
 * it goes straight out. The decision is the server's own function (`approvalReason`) on the
 * complaint's live priority, so the note and the server agree; only the words are the writer's.
 */
export function approvalNote(
  rule: ApprovalRule | undefined,
  complaint: ComplaintView,
  me: string | undefined,
  now: number,
): string | null {
  if (!rule || !me) return null
  const priority = livePriority(complaint, now)
  if (!approvalReason(rule, { authorId: me, priority })) return null
  const why =
    rule.mode === 'above_priority'
      ? `priority ${priority.toFixed(1)} is at or above ${rule.threshold}`
      : rule.mode === 'agents'
        ? 'your replies need approval'
        : 'every reply of this brand needs approval'
  return `An adviser approves this reply before it goes out: ${why}`
}
