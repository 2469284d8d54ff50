import { sql, type SQL } from 'drizzle-orm'
import {
  countCapOf,
  REACH_BANDS,
  UNREAD_LANGUAGES,
  type InboxFilters,
} from '../../../shared/schemas/inbox.js'
import { INBOX_VIEW_RULES, INBOX_VIEWS, type InboxView } from '../../../shared/triage.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import {
  RANK_ORDER,
  SEARCH_BUDGET,
  searchCounts,
  searchPage,
  searchQuery,
  type SearchBudget,
} from './complaint-search.js'
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
 * The reach band, on the lead author's followers the complaint carries (lead_followers, kept
 * by triggers to the digit, which is all a band's power-of-ten bounds read): a walk through a
 * view tests each complaint without leaving its row.
 */
function reachWhere(filters: InboxFilters): SQL | null {
  if (!filters.reach) return null
  const band = REACH_BANDS[filters.reach]
  const min = sql`coalesce(c.lead_followers, 0) >= ${band.min}`
  return band.max === null ? min : sql`${min} and coalesce(c.lead_followers, 0) < ${band.max}`
}

/**
 * Complaints with a complaint post written in [from, to). The thread's first and last post
 * times, on the complaint's row, rule out most complaints without leaving it; the rest probe
 * their thread's posts (posts_thread) for one in the window that is a complaint.
 */
function windowWhere(filters: InboxFilters): SQL | null {
  if (!filters.from && !filters.to) return null
  const parts: SQL[] = []
  const posted: SQL[] = []
  if (filters.from) {
    parts.push(sql`c.last_activity_at >= ${filters.from}::timestamptz`)
    posted.push(sql`p.posted_at >= ${filters.from}::timestamptz`)
  }
  if (filters.to) {
    parts.push(sql`c.first_seen_at < ${filters.to}::timestamptz`)
    posted.push(sql`p.posted_at < ${filters.to}::timestamptz`)
  }
  parts.push(sql`exists (
    select 1 from posts p
    where p.brand_id = c.brand_id and p.network = c.network and p.thread_key = c.thread_key
      and p.deleted_at is null and ${sql.join(posted, sql` and `)}
      and (select a.is_complaint from analyses a where a.post_id = p.id
           order by a.created_at desc limit 1))`)
  return sql.join(parts, sql` and `)
}

/** Filters that read the lead post or its analysis. */
function leadWhere(filters: InboxFilters): SQL | null {
  const parts: SQL[] = []
  if (filters.lang === UNREAD_LANGUAGES) parts.push(sql`la.supported is false`)
  else if (filters.lang) parts.push(sql`coalesce(la.language, lp.lang) = ${filters.lang}`)
  if (filters.sentiment) parts.push(sql`la.label = ${filters.sentiment}`)
  if (!parts.length) return null
  // Analyses from before firebreak-lr-3 carry no `supported` (that analyzer did not tell): they
  // are not listed as unread.
  return sql`exists (
    select 1 from posts lp
    left join lateral (
      select a.language, a.label, (a.explanation ->> 'supported')::boolean as supported
      from analyses a where a.post_id = lp.id
      order by a.created_at desc limit 1
    ) la on true
    where lp.id = c.lead_post_id and ${sql.join(parts, sql` and `)})`
}

/** Every filter but the search, over `complaints c` (the view aside). */
function filterWhere(filters: InboxFilters, scope: InboxScope): SQL {
  const parts = [sql`c.brand_id = ${scope.brandId}::uuid`]
  if (filters.network) parts.push(sql`c.network = ${filters.network}`)
  if (filters.state) parts.push(sql`c.state = ${filters.state}`)
  if (filters.owner === 'none') parts.push(sql`c.assignee_id is null`)
  else if (filters.owner) parts.push(sql`c.assignee_id = ${filters.owner}::uuid`)
  if (filters.picked)
    parts.push(sql.raw(`c.picked_at is ${filters.picked === 'yes' ? 'not ' : ''}null`))
  const window = windowWhere(filters)
  if (window) parts.push(window)
  if (filters.theme)
    parts.push(sql`exists (select 1 from post_themes pt
      where pt.post_id = c.lead_post_id and pt.theme_id = ${filters.theme}::uuid)`)
  const reach = reachWhere(filters)
  if (reach) parts.push(reach)
  const lead = leadWhere(filters)
  if (lead) parts.push(lead)
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
 * After `cursor` in RANK_ORDER (rank key descending, ties by id ascending). `rank_key <= key`
 * bounds the view's index scan, so a deep page starts where the last one ended instead of
 * passing every complaint above it; the second part drops the few that tie the cursor's key
 * and come before it. (The rank key is never null, so NULLS LAST orders nothing here.)
 */
function afterCursor(cursor: InboxCursor | null): SQL {
  if (!cursor) return sql`true`
  const { rankKey, id } = cursor
  return sql`c.rank_key <= ${rankKey} and (c.rank_key < ${rankKey} or c.id > ${id}::uuid)`
}

/** `undefined` without a search, null when the search has no words (nothing matches). */
const searchOf = (filters: InboxFilters) => (filters.q ? searchQuery(filters.q) : undefined)

/**
 * One page of a view, highest priority now first (the rank key orders by live priority),
 * after `cursor`. The page's ids come from `complaints` alone, on the view's index (an
 * index-only scan when no filter reads other columns); only they are joined to their leads.
 */
export async function listInbox(
  q: Queryable,
  scope: InboxScope,
  input: { view: InboxView; filters: InboxFilters; cursor: InboxCursor | null; limit: number },
  budget: SearchBudget = SEARCH_BUDGET,
): Promise<ComplaintWithLead[]> {
  const query = searchOf(input.filters)
  if (query === null) return []
  const where = sql`${filterWhere(input.filters, scope)} and ${viewWhere(input.view, scope)}
    and ${afterCursor(input.cursor)}`
  const ids = query
    ? await searchPage(q, { where, query, limit: input.limit }, budget)
    : (
        await queryRows<{ id: string }>(
          q,
          sql`select c.id from complaints c where ${where}
              order by ${RANK_ORDER} limit ${input.limit}`,
        )
      ).map((r) => r.id)
  const views = new Map((await loadComplaintViews(q, ids)).map((v) => [v.id, v]))
  return ids.flatMap((id) => views.get(id) ?? [])
}

/**
 * How many complaints each view holds under the filters, each counted up to
 * `countCapOf(filters)` + 1. Each count walks its view's index in order (ORDER BY pins it there: a
 * count stops after the cap, however big the view or the table).
 */
export async function countInbox(
  q: Queryable,
  scope: InboxScope,
  filters: InboxFilters,
  views: readonly InboxView[] = INBOX_VIEWS,
  budget: SearchBudget = SEARCH_BUDGET,
): Promise<Record<InboxView, number>> {
  const counts = Object.fromEntries(INBOX_VIEWS.map((v) => [v, 0])) as Record<InboxView, number>
  const query = searchOf(filters)
  if (query === null || !views.length) return counts
  const where = filterWhere(filters, scope)
  const cap = countCapOf(filters) + 1
  const conditions = views.map((view) => [view, viewWhere(view, scope)] as [InboxView, SQL])
  if (query)
    return {
      ...counts,
      ...(await searchCounts(q, { where, query, views: conditions, cap }, budget)),
    }
  const columns = conditions.map(
    ([view, cond]) =>
      sql`(select count(*) from (select 1 from complaints c where ${where} and ${cond}
            order by ${RANK_ORDER} limit ${cap}) x) as ${sql.identifier(view)}`,
  )
  const [row] = await queryRows<Record<InboxView, string | number>>(
    q,
    sql`select ${sql.join(columns, sql`, `)}`,
  )
  for (const view of views) counts[view] = Number(row![view])
  return counts
}
