import { sql } from 'drizzle-orm'
import { nextState, type ComplaintState } from '../../../shared/triage.js'
import type { Tx } from '../../db/client.js'
import { insertHistory } from '../../db/repositories/complaint-history.js'
import { queryRows } from '../../db/rows.js'

/**
 * After a reply went out, the ball is in the author's court: the complaint takes the table's
 * `wait` transition (shared/triage.ts) when the table allows it from where it is, with a
 * history row in the name of the reply's author. A resolved or dismissed complaint stays so.
 * Whatever its state, the answer counts: the first one sets the first-response time (the reply's
 * `sent_at`, written just before in the same transaction), and any
 * answer stops the next-response clock the author's follow-up had started (shared/sla.ts).
 */
export async function settleSent(
  tx: Tx,
  input: { complaintId: string; actorId: string | null; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date()
  const [row] = await queryRows<{ state: ComplaintState }>(
    tx,
    sql`update complaints c
        set first_response_at = coalesce(c.first_response_at,
              (select max(r.sent_at) from replies r
               where r.complaint_id = c.id and r.state = 'sent'),
              ${now.toISOString()}::timestamptz),
            next_response_from = null
        from (select id, state from complaints where id = ${input.complaintId}::uuid for update) o
        where c.id = o.id
        returning o.state`,
  )
  const to = row && nextState(row.state, 'wait')
  if (!row || !to) return
  await tx.execute(
    sql`update complaints set state = ${to}, state_changed_at = ${now.toISOString()}::timestamptz,
        version = version + 1, updated_at = now() where id = ${input.complaintId}::uuid`,
  )
  await insertHistory(tx, [
    {
      complaintId: input.complaintId,
      actorId: input.actorId,
      kind: 'state',
      from: row.state,
      to,
      at: now,
    },
  ])
}

/**
 * Stores a published reply as a post of its thread, under the brand's account on the network
 * (authors namespace `brand:<id>`), so the thread view shows it in the conversation. A source
 * that later brings the same post finds it there (same network and external id) and adds nothing.
 */
export async function storeReplyPost(
  tx: Tx,
  input: {
    brandId: string
    network: string
    parentPostId: number
    account: { handle: string; externalId: string | null }
    externalId: string
    url: string
    text: string
  },
): Promise<number> {
  const [author] = await queryRows<{ id: string | number }>(
    tx,
    sql`insert into authors (namespace, network, external_id, handle)
        values (${`brand:${input.brandId}`}, ${input.network},
                ${input.account.externalId ?? input.account.handle}, ${input.account.handle})
        on conflict (namespace, network, external_id) do update set handle = excluded.handle
        returning id`,
  )
  const [inserted] = await queryRows<{ id: string | number }>(
    tx,
    sql`insert into posts (brand_id, network, external_id, author_id, url, text, posted_at,
                           in_reply_to, thread_key)
        select p.brand_id, p.network, ${input.externalId}, ${author!.id}::bigint, ${input.url},
               ${input.text}, now(), p.external_id, p.thread_key
        from posts p where p.id = ${input.parentPostId}::bigint
        on conflict (brand_id, network, external_id) do nothing
        returning id`,
  )
  if (inserted) {
    await tx.execute(
      sql`update complaints c set post_count = c.post_count + 1
          from posts p where p.id = ${Number(inserted.id)}::bigint and c.brand_id = p.brand_id
            and c.network = p.network and c.thread_key = p.thread_key`,
    )
    return Number(inserted.id)
  }
  const [existing] = await queryRows<{ id: string | number }>(
    tx,
    sql`select id from posts where brand_id = ${input.brandId}::uuid
        and network = ${input.network} and external_id = ${input.externalId}`,
  )
  return Number(existing!.id)
}
