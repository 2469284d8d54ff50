import { sql, type SQL } from 'drizzle-orm'
import { VIEW_TEXT_LIMIT, type ComplaintState } from '../../../shared/schemas/complaints.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'

/** A complaint joined with its lead post, author, latest analysis and score: one view row. */
export interface ComplaintViewRow {
  id: string
  brand_id: string
  state: string
  priority: number
  scoring_version: string
  source: string
  thread_key: string
  complaint_count: number
  post_count: string | number
  first_seen_at: Date | string
  last_activity_at: Date | string
  seq: string | number
  post_id: string | number
  external_id: string
  url: string | null
  text: string
  text_length: number
  lang: string | null
  posted_at: Date | string
  deleted_at: Date | string | null
  likes: string | number
  replies: string | number
  shares: string | number
  handle: string
  display_name: string | null
  followers: string | number | null
  sentiment: number | null
  label: string | null
  explanation: unknown
}

function selectViews(where: SQL, tail: SQL = sql``): SQL {
  return sql`
    select c.id, c.brand_id, c.state, c.priority, c.scoring_version, c.source, c.thread_key,
      c.complaint_count, c.first_seen_at, c.last_activity_at, c.seq,
      (select count(*) from posts t
        where t.brand_id = c.brand_id and t.source = c.source and t.thread_key = c.thread_key
          and t.deleted_at is null) as post_count,
      p.id as post_id, p.external_id, p.url, left(p.text, ${VIEW_TEXT_LIMIT}) as text,
      length(p.text) as text_length, p.lang, p.posted_at, p.deleted_at,
      p.likes, p.replies, p.shares,
      au.handle, au.display_name, au.followers,
      an.sentiment, an.label, s.explanation
    from complaints c
    join posts p on p.id = c.lead_post_id
    join authors au on au.id = p.author_id
    left join scores s on s.post_id = p.id and s.version = c.scoring_version
    left join lateral (
      select a.sentiment, a.label from analyses a
      where a.post_id = p.id order by a.created_at desc limit 1
    ) an on true
    where ${where}
    ${tail}`
}

/** Views of the given complaints, in no particular order. */
export function loadComplaintViews(q: Queryable, ids: string[]): Promise<ComplaintViewRow[]> {
  if (!ids.length) return Promise.resolve([])
  return queryRows(
    q,
    selectViews(
      sql`c.id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    ),
  )
}

/** A brand's complaints, highest priority first. */
export function listComplaintViews(
  q: Queryable,
  brandId: string,
  options: { state?: ComplaintState; limit: number },
): Promise<ComplaintViewRow[]> {
  const state = options.state ? sql` and c.state = ${options.state}` : sql``
  return queryRows(
    q,
    selectViews(
      sql`c.brand_id = ${brandId}::uuid${state}`,
      sql`order by c.priority desc, c.last_activity_at desc, c.id limit ${options.limit}`,
    ),
  )
}
