import { sql } from 'drizzle-orm'
import type { Tx } from '../client.js'
import { anyOf } from '../unnest.js'

/**
 * Sets what the inbox's search finds these complaints by, from their threads' stored posts:
 * the text of each post not deleted at its source, and its author's handle and name split at
 * punctuation (maria.h → maria h), as `searchQuery` splits what is typed. Runs in the
 * transaction that changed the threads, which holds their complaints' rows.
 */
export async function refreshSearchText(tx: Tx, complaintIds: string[]): Promise<void> {
  if (!complaintIds.length) return
  await tx.execute(
    sql`update complaints c set search = x.v
        from (
          select c2.id, to_tsvector('simple', coalesce(string_agg(p.text || ' ' ||
            regexp_replace(au.handle || ' ' || coalesce(au.display_name, ''),
              '[^[:alnum:]]+', ' ', 'g'), ' '), '')) as v
          from complaints c2
          left join posts p on p.brand_id = c2.brand_id and p.network = c2.network
            and p.thread_key = c2.thread_key and p.deleted_at is null
          left join authors au on au.id = p.author_id
          where c2.id = ${anyOf(complaintIds, 'uuid')}
          group by c2.id
        ) x
        where c.id = x.id`,
  )
}
