import { sql } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'

/** A note with the names of its author and of those it mentions. */
export interface NoteRecord {
  id: number
  complaintId: string
  author: { id: string; name: string } | null
  body: string
  mentions: Array<{ id: string; name: string }>
  createdAt: Date
}

/** A complaint's notes, oldest first (or the one with `noteId`). */
export async function loadNotes(
  q: Queryable,
  complaintId: string,
  noteId?: number,
): Promise<NoteRecord[]> {
  const one = noteId === undefined ? sql`` : sql` and n.id = ${noteId}`
  const rows = await queryRows<{
    id: string | number
    complaint_id: string
    author_id: string | null
    author_name: string | null
    body: string
    mentions: Array<{ id: string; name: string }> | null
    created_at: Date | string
  }>(
    q,
    sql`select n.id, n.complaint_id, n.author_id, a.name as author_name, n.body, n.created_at,
               (select coalesce(json_agg(json_build_object('id', m.id, 'name', m.name)
                                         order by m.name), '[]'::json)
                from users m where m.id = any(n.mentions)) as mentions
        from complaint_notes n
        left join users a on a.id = n.author_id
        where n.complaint_id = ${complaintId}::uuid${one}
        order by n.id`,
  )
  return rows.map((r) => ({
    id: Number(r.id),
    complaintId: r.complaint_id,
    author: r.author_id ? { id: r.author_id, name: r.author_name ?? 'Former user' } : null,
    body: r.body,
    mentions: r.mentions ?? [],
    createdAt: new Date(r.created_at),
  }))
}
