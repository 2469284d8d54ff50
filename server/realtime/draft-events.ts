import type { ReplyRecord } from '../db/repositories/replies.js'
import type { Publisher } from './publisher.js'

/** Tells the team a sender's draft on the complaint is gone: it became the reply. */
export function announceDraftSent(publisher: Publisher, reply: ReplyRecord): void {
  if (!reply.createdBy) return
  publisher.tell(
    'draft.changed',
    { brandId: reply.brandId },
    {
      brandId: reply.brandId,
      complaintId: reply.complaintId,
      author: { id: reply.createdBy, name: reply.createdByName ?? 'a former user' },
      updatedAt: null,
    },
  )
}
