import { sql } from 'drizzle-orm'
import { can, type Role } from '../../../shared/roles.js'
import type { Queryable } from '../../db/client.js'
import type { ComplainerHistory } from '../../db/repositories/complainers.js'
import { loadHistory, type HistoryRecord } from '../../db/repositories/complaint-history.js'
import {
  loadComplaintViews,
  type ComplaintWithLead,
} from '../../db/repositories/complaint-views.js'
import { loadNotes, type NoteRecord } from '../../db/repositories/notes.js'
import { queryRows } from '../../db/rows.js'
import { loadThreadPosts, type ThreadPostRecord } from '../../db/repositories/thread-posts.js'
import { AppError } from '../../lib/app-error.js'
import { loadReplies, type ReplyRecord } from '../../db/repositories/replies.js'
import { loadComplainerHistory } from '../complainers/read-complainers.js'

/** Everything the thread view shows of one complaint, as one role may see it. */
export interface ThreadRecord {
  complaint: ComplaintWithLead
  posts: ThreadPostRecord[]
  author: ComplainerHistory | null
  history: HistoryRecord[]
  /** Null for roles that may not read notes. */
  notes: NoteRecord[] | null
  /** Every reply with its delivery state and error; null for roles that may not read drafts. */
  replies: ReplyRecord[] | null
}

/**
 * A complaint with its whole conversation, its author's card (the person their accounts are
 * linked to, else the account), its history and, for the team, its notes.
 */
export async function readThread(
  q: Queryable,
  input: { complaintId: string; role: Role },
): Promise<ThreadRecord> {
  const [complaint] = await loadComplaintViews(q, [input.complaintId])
  if (!complaint) throw new AppError('not_found', 'Complaint not found')
  const [lead] = await queryRows<{ author_id: string | number; person_id: string | null }>(
    q,
    sql`select p.author_id, l.person_id from posts p
        left join author_links l on l.author_id = p.author_id
        where p.id = ${complaint.leadPostId}`,
  )
  const key = lead!.person_id ? `p-${lead!.person_id}` : `a-${lead!.author_id}`
  const author = await loadComplainerHistory(q, { brandId: complaint.brandId, key }).catch(
    (err: unknown) => {
      if (err instanceof AppError && err.code === 'not_found') return null
      throw err
    },
  )
  return {
    complaint,
    posts: await loadThreadPosts(q, input.complaintId),
    author,
    history: await loadHistory(q, input.complaintId),
    notes: can(input.role, 'note.read') ? await loadNotes(q, input.complaintId) : null,
    replies: can(input.role, 'draft.read') ? await loadReplies(q, input.complaintId) : null,
  }
}
