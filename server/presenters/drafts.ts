import type { DraftSummary, DraftView } from '../../shared/schemas/drafts.js'
import type { DraftRow } from '../db/repositories/reply-drafts.js'

export const presentDraft = (d: DraftRow): DraftView => ({
  complaintId: d.complaintId,
  text: d.text,
  updatedAt: d.updatedAt.toISOString(),
})

export const presentDrafter = (d: {
  complaintId: string
  authorId: string
  authorName: string
  updatedAt: Date
}): DraftSummary => ({
  complaintId: d.complaintId,
  author: { id: d.authorId, name: d.authorName },
  updatedAt: d.updatedAt.toISOString(),
})
