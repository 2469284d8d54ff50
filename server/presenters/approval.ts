import { priorityAt } from '../../shared/scoring/ranking.js'
import type { ApprovalItemView } from '../../shared/schemas/approval.js'
import type { ApprovalItemRecord } from '../db/repositories/approvals.js'
import { presentReply } from './reply.js'

/** A reply in the approval queue, with its complaint's live priority as of `now`. */
export function presentApprovalItem(item: ApprovalItemRecord, now = new Date()): ApprovalItemView {
  const c = item.complaint
  return {
    reply: presentReply(item.reply),
    complaint: {
      id: c.id,
      handle: c.handle,
      excerpt: c.excerpt,
      network: c.network,
      priority:
        c.waitingSince && c.waitingRate > 0
          ? priorityAt(c.basePriority, c.waitingRate, c.waitingSince, now)
          : c.priority,
    },
    promise: item.promise && {
      what: item.promise.what,
      dueAt: item.promise.dueAt.toISOString(),
      owner: { name: item.promise.ownerName },
    },
  }
}
