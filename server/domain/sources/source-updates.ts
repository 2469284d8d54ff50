import { sql } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import { refreshSearchText } from '../../db/repositories/complaint-search.js'
import { queryRows } from '../../db/rows.js'
import { jsonRecordset } from '../../db/unnest.js'

interface Where {
  brandId: string
  sourceId: string
}

/**
 * Posts edited at their network: the stored text becomes the new one (the inbox's search
 * with it). A source edits only what it brought. The analysis stays the one of the text as
 * first read (analyses are versioned, never rewritten); returns how many posts changed.
 */
export async function applyEdits(
  ctx: AppContext,
  where: Where,
  edits: Array<{ network: string; externalId: string; text: string }>,
): Promise<number> {
  if (!edits.length) return 0
  return ctx.db.transaction(async (tx) => {
    const changed = await queryRows<{ complaint_id: string | null }>(
      tx,
      sql`with edited as (
            update posts p set text = r.text
            from ${jsonRecordset(edits, 'network text, "externalId" text, text text')}
            where p.brand_id = ${where.brandId}::uuid and p.source_id = ${where.sourceId}
              and p.network = r.network and p.external_id = r."externalId"
              and p.text is distinct from r.text and p.deleted_at is null
            returning p.brand_id, p.network, p.thread_key)
          select c.id as complaint_id from edited e
          left join complaints c on c.brand_id = e.brand_id and c.network = e.network
            and c.thread_key = e.thread_key`,
    )
    await refreshSearchText(tx, [
      ...new Set(changed.flatMap((r) => (r.complaint_id ? [r.complaint_id] : []))),
    ])
    return changed.length
  })
}

/** Fresh engagement counts of posts a source brought (velocity reads them). */
export async function applyEngagement(
  ctx: AppContext,
  where: Where,
  counts: Array<{
    network: string
    externalId: string
    likes: number
    replies: number
    shares: number
  }>,
): Promise<void> {
  if (!counts.length) return
  await ctx.db.execute(
    sql`update posts p set likes = r.likes, replies = r.replies, shares = r.shares
        from ${jsonRecordset(counts, 'network text, "externalId" text, likes bigint, replies bigint, shares bigint')}
        where p.brand_id = ${where.brandId}::uuid and p.source_id = ${where.sourceId}
          and p.network = r.network and p.external_id = r."externalId"
          and (p.likes, p.replies, p.shares) is distinct from (r.likes, r.replies, r.shares)`,
  )
}
