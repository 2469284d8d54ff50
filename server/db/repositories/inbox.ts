import { sql, type SQL } from 'drizzle-orm'
import { INBOX_COUNT_CAP, REACH_BANDS, type InboxFilters } from '../../../shared/schemas/inbox.js'
import { INBOX_VIEW_RULES, INBOX_VIEWS, type InboxView } from '../../../shared/triage.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { anyOf } from '../unnest.js'
import { loadComplaintViews, type ComplaintWithLead } from './complaint-views.js'

/** Whose inbox, at which instant: `mine` and snoozes depend on them. */
export interface InboxScope {
  brandId: string
  me: string
  now: Date
}

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))

/**
 * What a view holds, in SQL over `complaints c`. States are written as literals so that the
 * planner matches the partial indexes (complaints_queue, complaints_owned) they were made for.
 */
function viewWhere(view: InboxView, scope: InboxScope): SQL {
  const rule = INBOX_VIEW_RULES[view]
  const now = scope.now.toISOString()
  const parts = [sql`c.state in (${list(rule.states)})`]
  if (rule.snoozed === 'never')
    parts.push(sql`(c.snoozed_until is null or c.snoozed_until <= ${now}::timestamptz)`)
  if (rule.snoozed === 'only') parts.push(sql`c.snoozed_until > ${now}::timestamptz`)
  if (rule.owner === 'me') parts.push(sql`c.assignee_id = ${scope.me}::uuid`)
  if (rule.owner === 'none') parts.push(sql`c.assignee_id is null`)
  if (rule.picked) parts.push(sql`c.picked_at is not null`)
  return sql.join(parts, sql` and `)
}

/**
 * A search as a prefix query over words: `score dropp` finds "score dropped". Only letters and
 * digits reach to_tsquery, so nothing a person types can break its syntax.
 */
export function searchQuery(text: string): string | null {
  const words =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  if (!words.length) return null
  return words
    .slice(0, 8)
    .map((w, i, all) => (i === all.length - 1 ? `${w}:*` : w))
    .join(' & ')
}

/** Filters that read the lead post, its author or its analysis. */
function leadWhere(filters: InboxFilters): SQL | null {
  const parts: SQL[] = []
  if (filters.lang) parts.push(sql`coalesce(la.language, lp.lang) = ${filters.lang}`)
  if (filters.sentiment) parts.push(sql`la.label = ${filters.sentiment}`)
  if (filters.reach) {
    const band = REACH_BANDS[filters.reach]
    parts.push(sql`coalesce(lau.followers, 0) >= ${band.min}`)
    if (band.max !== null) parts.push(sql`coalesce(lau.followers, 0) < ${band.max}`)
  }
  if (!parts.length) return null
  return sql`exists (
    select 1 from posts lp join authors lau on lau.id = lp.author_id
    left join lateral (
      select a.language, a.label from analyses a where a.post_id = lp.id
      order by a.created_at desc limit 1
    ) la on true
    where lp.id = c.lead_post_id and ${sql.join(parts, sql` and `)})`
}

/** A search matching at most this many complaints is looked up by its ids. */
const FEW_MATCHES = 2_000
/** How many of the queue's top complaints are sampled to tell a common word from a rare one. */
const SAMPLE = 5_000

/**
 * The search as a condition. A word many complaints hold is tested row by row while a view's
 * index is walked in order (the first page fills at once); a rare one would make that walk read
 * the whole view, so its few complaints are looked up in the search index first, by id. The
 * planner cannot tell the two apart for prefixes (`user12:*`), so two cheap probes do: how
 * often the word appears among the queue's top SAMPLE complaints, and, when seldom, whether
 * the search index holds few enough to list.
 */
async function searchWhere(q: Queryable, brandId: string, query: string): Promise<SQL> {
  const tsq = sql`to_tsquery('simple', ${query})`
  const walk = sql`c.search @@ ${tsq}`
  const [sample] = await queryRows<{ n: string | number }>(
    q,
    sql`select count(*) as n from (
          select search from complaints
          where brand_id = ${brandId}::uuid and state in ('new', 'open')
          order by rank_key desc nulls last, id limit ${SAMPLE}) s
        where search @@ ${tsq}`,
  )
  if (Number(sample!.n) * 100 >= SAMPLE) return walk
  const hits = await queryRows<{ id: string }>(
    q,
    sql`select id from complaints
        where brand_id = ${brandId}::uuid and search @@ ${tsq} limit ${FEW_MATCHES + 1}`,
  )
  if (hits.length > FEW_MATCHES) return walk
  if (!hits.length) return sql`false`
  return sql`c.id = ${anyOf(
    hits.map((h) => h.id),
    'uuid',
  )}`
}

/** Every filter over `complaints c` (the view aside); null when the search has no words. */
async function filterWhere(
  q: Queryable,
  filters: InboxFilters,
  scope: InboxScope,
): Promise<SQL | null> {
  const parts = [sql`c.brand_id = ${scope.brandId}::uuid`]
  if (filters.network) parts.push(sql`c.network = ${filters.network}`)
  if (filters.state) parts.push(sql`c.state = ${filters.state}`)
  if (filters.owner === 'none') parts.push(sql`c.assignee_id is null`)
  else if (filters.owner) parts.push(sql`c.assignee_id = ${filters.owner}::uuid`)
  if (filters.picked)
    parts.push(sql.raw(`c.picked_at is ${filters.picked === 'yes' ? 'not ' : ''}null`))
  if (filters.from) parts.push(sql`c.last_activity_at >= ${filters.from}::timestamptz`)
  if (filters.to) parts.push(sql`c.last_activity_at < ${filters.to}::timestamptz`)
  const lead = leadWhere(filters)
  if (lead) parts.push(lead)
  if (filters.q) {
    const query = searchQuery(filters.q)
    if (!query) return null
    parts.push(await searchWhere(q, scope.brandId, query))
  }
  return sql.join(parts, sql` and `)
}

/** Where a page ended: its last complaint's rank key and id. */
export interface InboxCursor {
  rankKey: number
  id: string
}

export const formatCursor = (c: InboxCursor) => `${c.rankKey}~${c.id}`
export function parseCursor(text: string): InboxCursor {
  const [rankKey, id] = text.split('~')
  return { rankKey: Number(rankKey), id: id! }
}

/**
 * One page of a view, highest priority now first (the rank key orders by live priority),
 * after `cursor`. The page's ids come from `complaints` alone, on the view's index; only they
 * are joined to their lead posts.
 */
export async function listInbox(
  q: Queryable,
  scope: InboxScope,
  input: { view: InboxView; filters: InboxFilters; cursor: InboxCursor | null; limit: number },
): Promise<ComplaintWithLead[]> {
  const filters = await filterWhere(q, input.filters, scope)
  if (!filters) return []
  const after = input.cursor
    ? sql` and (c.rank_key < ${input.cursor.rankKey}
           or (c.rank_key = ${input.cursor.rankKey} and c.id > ${input.cursor.id}::uuid))`
    : sql``
  const rows = await queryRows<{ id: string }>(
    q,
    sql`select c.id from complaints c
        where ${filters} and ${viewWhere(input.view, scope)}${after}
        order by c.rank_key desc nulls last, c.id limit ${input.limit}`,
  )
  const views = new Map(
    (
      await loadComplaintViews(
        q,
        rows.map((r) => r.id),
      )
    ).map((v) => [v.id, v]),
  )
  return rows.flatMap((r) => views.get(r.id) ?? [])
}

/** How many complaints each view holds under the filters, each counted up to INBOX_COUNT_CAP + 1. */
export async function countInbox(
  q: Queryable,
  scope: InboxScope,
  filters: InboxFilters,
  views: readonly InboxView[] = INBOX_VIEWS,
): Promise<Record<InboxView, number>> {
  const counts = Object.fromEntries(INBOX_VIEWS.map((v) => [v, 0])) as Record<InboxView, number>
  const where = await filterWhere(q, filters, scope)
  if (!where || !views.length) return counts
  const columns = views.map(
    (view) =>
      sql`(select count(*) from (select 1 from complaints c
            where ${where} and ${viewWhere(view, scope)} limit ${INBOX_COUNT_CAP + 1}) x) as ${sql.identifier(view)}`,
  )
  const [row] = await queryRows<Record<InboxView, string | number>>(
    q,
    sql`select ${sql.join(columns, sql`, `)}`,
  )
  for (const view of views) counts[view] = Number(row![view])
  return counts
}
