import { sql } from 'drizzle-orm'
import type { Queryable, Tx } from '../client.js'
import { queryRows } from '../rows.js'

/** Days minute rollups are kept at most: the dashboard reads minutes only for ranges up to 36 h. */
export const MINUTE_ROLLUP_DAYS = 35

const DAY_MS = 86_400_000

/** The brands whose raw posts expire, with how long they keep posts and rollups. */
export function retentionOfBrands(
  q: Queryable,
): Promise<
  Array<{ id: string; post_retention_days: number | null; rollup_retention_days: number }>
> {
  return queryRows(
    q,
    sql`select id, post_retention_days, rollup_retention_days from brands order by id`,
  )
}

/**
 * Deletes up to `limit` of a brand's raw posts written before `now - days`, with their analyses,
 * scores and themes; the rollups keep counting them (`firebreak.retention` tells the rollups_*
 * triggers so). A complaint thread's posts stay while its complaint is active or was active
 * since the cutoff, and posts a complaint or a reply points at (its lead, the post replied to,
 * the reply sent) stay with the case record. Returns how many posts were deleted.
 */
export async function expireRawPosts(
  tx: Tx,
  input: { brandId: string; now: Date; days: number; limit: number },
): Promise<number> {
  const cutoff = new Date(input.now.getTime() - input.days * DAY_MS).toISOString()
  await tx.execute(sql`select set_config('firebreak.retention', 'on', true)`)
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`with expired as (
          select p.id from posts p
          where p.brand_id = ${input.brandId}::uuid and p.posted_at < ${cutoff}::timestamptz
            and not exists (select 1 from complaints c
              where c.brand_id = p.brand_id and c.network = p.network and c.thread_key = p.thread_key
                and (c.lead_post_id = p.id or c.state in ('new', 'open', 'waiting')
                     or c.last_activity_at >= ${cutoff}::timestamptz))
            and not exists (select 1 from replies r where r.parent_post_id = p.id)
            and not exists (select 1 from replies r where r.post_id = p.id)
          order by p.id limit ${input.limit}
          for update of p skip locked
        ),
        gone_scores as (delete from scores where post_id in (select id from expired)),
        gone_analyses as (delete from analyses where post_id in (select id from expired))
        delete from posts where id in (select id from expired) returning id`,
  )
  await tx.execute(sql`select set_config('firebreak.retention', 'off', true)`)
  return rows.length
}

/**
 * Drops a brand's rollups (and response rollups) older than its rollup retention; minute rows
 * after MINUTE_ROLLUP_DAYS at most (hours and days carry the history). Returns how many rows went.
 */
export async function expireRollups(
  q: Queryable,
  input: { brandId: string; now: Date; days: number },
): Promise<number> {
  const cutoff = (days: number) => new Date(input.now.getTime() - days * DAY_MS).toISOString()
  const rows = await queryRows<{ n: number }>(
    q,
    sql`with gone as (
          delete from rollups where brand_id = ${input.brandId}::uuid and (
            bucket < ${cutoff(input.days)}::timestamptz
            or (grain = 'minute'
                and bucket < ${cutoff(Math.min(input.days, MINUTE_ROLLUP_DAYS))}::timestamptz))
          returning 1),
        -- The response rollups (0025) have hours and days only, kept as long as the rest.
        gone_responses as (
          delete from response_rollups where brand_id = ${input.brandId}::uuid
            and bucket < ${cutoff(input.days)}::timestamptz
          returning 1),
        gone_bins as (
          delete from response_time_bins where brand_id = ${input.brandId}::uuid
            and bucket < ${cutoff(input.days)}::timestamptz
          returning 1)
        select (select count(*) from gone)::int + (select count(*) from gone_responses)::int
               + (select count(*) from gone_bins)::int as n`,
  )
  return rows[0]!.n
}
