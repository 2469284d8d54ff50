import type { NoteView } from '../../shared/schemas/notes.js'
import type { HistoryEntry, ThreadPost } from '../../shared/schemas/threads.js'
import type { HistoryRecord } from '../db/repositories/complaint-history.js'
import type { NoteRecord } from '../db/repositories/notes.js'
import type { ThreadPostRecord } from '../db/repositories/thread-posts.js'

export function presentNote(n: NoteRecord): NoteView {
  return { ...n, createdAt: n.createdAt.toISOString() }
}

/** A history step; who owns what is left out for roles that may not see owners. */
export function presentHistoryEntry(h: HistoryRecord, owners: boolean): HistoryEntry {
  return {
    id: h.id,
    at: h.at.toISOString(),
    actor: h.actor,
    kind: h.kind,
    from: h.from,
    to: h.to,
    ...(owners ? { assignee: h.assignee } : {}),
    reason: h.reason,
    note: h.note,
    until: h.until && h.until.toISOString(),
  }
}

export function presentThreadPost(p: ThreadPostRecord): ThreadPost {
  return { ...p, postedAt: p.postedAt.toISOString() }
}
