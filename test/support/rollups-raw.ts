import { sql } from 'drizzle-orm'
import type { Queryable } from '../../server/db/client.js'
import { queryRows } from '../../server/db/rows.js'

/** One rollup cell as the tests compare it (reach rounded: sums of floats differ in the 1e-15s). */
export interface Cell {
  grain: string
  dimension: string
  key: string
  bucket: string
  posts: number
  complaints: number
  positive: number
  neutral: number
  negative: number
  reachSum: number
  reachNegative: number
}

const cells = (rows: Array<Record<string, unknown>>): Cell[] =>
  rows.map((r) => ({
    grain: String(r.grain),
    dimension: String(r.dimension),
    key: String(r.key),
    bucket: new Date(r.bucket as string).toISOString(),
    posts: Number(r.posts),
    complaints: Number(r.complaints),
    positive: Number(r.positive),
    neutral: Number(r.neutral),
    negative: Number(r.negative),
    reachSum: Number(r.reach_sum),
    reachNegative: Number(r.reach_negative),
  }))

const ORDER = sql`order by grain, dimension, key, bucket`

/**
 * The brand's stored rollups: the cells holding posts, and any cell left at zero posts with
 * something else in it (always a bug).
 */
export async function storedRollups(q: Queryable, brandId: string) {
  const rows = await queryRows<Record<string, unknown>>(
    q,
    sql`select grain, dimension, key, bucket, posts, complaints, positive, neutral, negative,
          round(reach_sum::numeric, 6) as reach_sum, round(reach_negative::numeric, 6) as reach_negative
        from rollups where brand_id = ${brandId}::uuid ${ORDER}`,
  )
  const all = cells(rows)
  return {
    cells: all.filter((c) => c.posts !== 0),
    empty: all.filter(
      (c) =>
        c.posts === 0 &&
        (c.complaints || c.positive || c.neutral || c.negative || c.reachSum || c.reachNegative),
    ),
  }
}

/**
 * What the raw rows say, written independently of the triggers: each analysed, undeleted post
 * with its current analysis (newest, then greatest version), grouped per grain and breakdown.
 */
export async function rawRollups(q: Queryable, brandId: string): Promise<Cell[]> {
  const rows = await queryRows<Record<string, unknown>>(
    q,
    sql`with counted as (
          select p.posted_at, p.network, coalesce(a.language, 'und') as language,
            pt.theme_id::text as theme, a.label, a.is_complaint, coalesce(a.author_reach, 0)::float8 as reach
          from posts p
          join lateral (select * from analyses a where a.post_id = p.id
                        order by a.created_at desc, a.version desc limit 1) a on true
          left join post_themes pt on pt.post_id = p.id
          where p.brand_id = ${brandId}::uuid and p.deleted_at is null
        ),
        keyed as (
          select posted_at, label, is_complaint, reach, 'all' as dimension, '' as key from counted
          union all select posted_at, label, is_complaint, reach, 'network', network from counted
          union all select posted_at, label, is_complaint, reach, 'language', language from counted
          union all select posted_at, label, is_complaint, reach, 'theme', theme from counted
            where theme is not null
        )
        select grain, dimension, key, date_trunc(grain, posted_at, 'UTC') as bucket,
          count(*) as posts, count(*) filter (where is_complaint) as complaints,
          count(*) filter (where label = 'positive') as positive,
          count(*) filter (where label = 'neutral') as neutral,
          count(*) filter (where label = 'negative') as negative,
          round(sum(reach)::numeric, 6) as reach_sum,
          round(coalesce(sum(reach) filter (where label = 'negative'), 0)::numeric, 6) as reach_negative
        from keyed, unnest(array['minute', 'hour', 'day']) as grain
        group by grain, dimension, key, bucket ${ORDER}`,
  )
  return cells(rows)
}

/** A theme of the brand (the themes worker makes them in the product). */
export async function themeOf(q: Queryable, brandId: string, name: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    q,
    sql`insert into themes (brand_id, name, phrases) values (${brandId}::uuid, ${name}, array[${name}]::text[])
        returning id`,
  )
  return row!.id
}
