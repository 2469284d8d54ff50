import { sql, type SQL } from 'drizzle-orm'
import type { Queryable, Tx } from '../client.js'
import { queryRows } from '../rows.js'
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

/** The inbox's order over `complaints c`: highest rank key (live priority) first, then by id. */
export const RANK_ORDER = sql.raw('c.rank_key desc nulls last, c.id')

/**
 * How much a search reads before it changes its way. A word many complaints hold is found by
 * walking a view's index in order and testing each complaint: cost about page / share. A rare
 * one is found in the search index: cost about the number of its matches. Neither the planner
 * nor the words tell which (a prefix, `user12:*`, is always estimated at a few percent), so
 * each search tries the walk for a bounded stretch and then the index for a bounded number of
 * matches; only a search that is neither (more than `few` matches, under one in
 * `walkPerRow` near the top) walks on unbounded, and that costs about page × N / few rows.
 */
export interface SearchBudget {
  /** Complaints walked per row of the page before the search index is asked. */
  walkPerRow: number
  /** Most matches taken from the search index; more than this and the walk goes on. */
  few: number
}

export const SEARCH_BUDGET: SearchBudget = { walkPerRow: 20, few: 10_000 }

const ids = async (q: Queryable, query: SQL) =>
  (await queryRows<{ id: string }>(q, query)).map((r) => r.id)

/**
 * The ids of the first `limit` complaints matching `where` (over `complaints c`, a view, its
 * filters and cursor) and the search `query`, in RANK_ORDER; see SearchBudget.
 */
export async function searchPage(
  q: Queryable,
  input: { where: SQL; query: string; limit: number },
  budget: SearchBudget = SEARCH_BUDGET,
): Promise<string[]> {
  const { where, limit } = input
  const tsq = sql`to_tsquery('simple', ${input.query})`
  const walk = limit * budget.walkPerRow
  // The head of the view in order, each complaint tested; the row numbered `walk` comes back
  // even when it does not match, to tell a walk that ran out of budget from one that ran out
  // of complaints (whose matches are then all there are).
  const head = await queryRows<{ id: string; hit: boolean; n: string | number }>(
    q,
    sql`select c.id, c.hit, c.n from (
          select c.id, c.rank_key, c.search @@ ${tsq} as hit,
            row_number() over (order by ${RANK_ORDER}) as n
          from complaints c where ${where} order by ${RANK_ORDER} limit ${walk}) c
        where c.hit or c.n = ${walk}
        order by ${RANK_ORDER} limit ${limit}`,
  )
  const hits = head.filter((r) => r.hit).map((r) => r.id)
  if (hits.length === limit || !head.some((r) => Number(r.n) === walk)) return hits
  // Rare near the top: every match from the search index (materialized, so that it is read
  // there and not by walking), if there are few.
  const few = await queryRows<{ id: string; n: string | number }>(
    q,
    sql`with m as materialized (
          select c.id, c.rank_key from complaints c
          where ${where} and c.search @@ ${tsq} limit ${budget.few + 1})
        select c.id, (select count(*) from m) as n from m c order by ${RANK_ORDER} limit ${limit}`,
  )
  if (!few.length || Number(few[0]!.n) <= budget.few) return few.map((r) => r.id)
  // Neither: walk on (OFFSET 0 keeps the planner from reading the search index instead).
  return ids(
    q,
    sql`select c.id from (
          select c.id, c.rank_key, c.search from complaints c where ${where}
          order by ${RANK_ORDER} offset 0) c
        where c.search @@ ${tsq} order by ${RANK_ORDER} limit ${limit}`,
  )
}

/**
 * How many complaints match `where` and the search `query` under each of `views` (conditions
 * over `complaints c`), each counted up to `cap`; see SearchBudget. A word common in the work
 * queue's head is counted by walking each view in order until `cap` matches (short walks); a
 * rarer one from the search index, in one pass over its matches when they are few, else
 * view by view (the planner ANDs the search index with each view's).
 */
export async function searchCounts<V extends string>(
  q: Queryable,
  input: { where: SQL; query: string; views: [V, SQL][]; cap: number },
  budget: SearchBudget = SEARCH_BUDGET,
): Promise<Record<V, number>> {
  const { where, views, cap } = input
  const tsq = sql`to_tsquery('simple', ${input.query})`
  const capped = (row: Record<string, string | number>) =>
    Object.fromEntries(views.map(([view]) => [view, Math.min(cap, Number(row[view]))])) as Record<
      V,
      number
    >
  /** Each view's count, as `count` counts under a view's condition. */
  const counts = async (count: (cond: SQL) => SQL) => {
    const [row] = await queryRows<Record<string, string | number>>(
      q,
      sql`select ${sql.join(
        views.map(([view, cond]) => sql`(${count(cond)}) as ${sql.identifier(view)}`),
        sql`, `,
      )}`,
    )
    return capped(row!)
  }
  const [probe] = await queryRows<{ n: string | number }>(
    q,
    sql`select count(*) as n from (
          select c.search from complaints c where ${where} and c.state in ('new', 'open')
          order by ${RANK_ORDER} limit ${cap}) c
        where c.search @@ ${tsq}`,
  )
  if (Number(probe!.n) * budget.walkPerRow >= cap) {
    // OFFSET 0 keeps the planner from reading the search index instead of walking.
    return counts(
      (cond) => sql`select count(*) from (select 1 from (
          select c.search from complaints c where ${where} and ${cond}
          order by ${RANK_ORDER} offset 0) c
        where c.search @@ ${tsq} limit ${cap}) x`,
    )
  }
  const [few] = await queryRows<Record<string, string | number>>(
    q,
    sql`with m as materialized (
          -- the columns the views read (inbox.ts viewWhere)
          select c.state, c.snoozed_until, c.assignee_id, c.picked_at from complaints c
          where ${where} and c.search @@ ${tsq} limit ${budget.few + 1})
        select ${sql.join(
          [
            sql`count(*) as n`,
            ...views.map(
              ([view, cond]) => sql`count(*) filter (where ${cond}) as ${sql.identifier(view)}`,
            ),
          ],
          sql`, `,
        )} from m c`,
  )
  if (Number(few!.n) <= budget.few) return capped(few!)
  return counts(
    (cond) => sql`select count(*) from (select 1 from complaints c
        where ${where} and ${cond} and c.search @@ ${tsq} limit ${cap}) x`,
  )
}
