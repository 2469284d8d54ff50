import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxFilters } from '../../shared/schemas/inbox.js'
import { INBOX_VIEWS, inView, type ComplaintState, type InboxView } from '../../shared/triage.js'
import { SEARCH_BUDGET, type SearchBudget } from '../../server/db/repositories/complaint-search.js'
import { countInbox, listInbox, type InboxScope } from '../../server/db/repositories/inbox.js'
import { queryRows } from '../../server/db/rows.js'
import { makeUser } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand } from '../support/factories.js'

let t: TestContext
let scope: InboxScope

/** What the test knows of each stored complaint, to work out every answer without SQL. */
interface Stored {
  id: string
  rankKey: number
  state: ComplaintState
  snoozedUntil: string | null
  assigneeId: string | null
  picked: boolean
  words: string[]
}
let stored: Stored[] = []

const N = 150
const STATES: ComplaintState[] = ['new', 'new', 'new', 'new', 'new', 'open', 'open', 'waiting']
const stateOf = (g: number): ComplaintState =>
  g % 10 === 8 ? 'resolved' : g % 10 === 9 ? 'dismissed' : STATES[g % 10]!
/** Ten complaints or more share each rank key, so pages end inside runs of ties. */
const rankOf = (g: number) => (g * 7) % 12
const textOf = (g: number) =>
  [
    `word${g}`,
    g % 2 === 0 ? 'common' : '',
    g % 9 === 0 ? 'middling' : '',
    g === 37 || g === 111 ? 'rare' : '',
  ]
    .filter(Boolean)
    .join(' ')

beforeAll(async () => {
  t = await createTestContext()
  const brand = await makeBrand(t.ctx)
  const me = await makeUser(t.ctx, 'agent')
  const now = new Date()
  scope = { brandId: brand.id, me: me.id, now }
  const later = new Date(now.getTime() + 86_400_000).toISOString()
  const earlier = new Date(now.getTime() - 3_600_000).toISOString()
  const active = (g: number) => ['new', 'open', 'waiting'].includes(stateOf(g))
  const rows = Array.from({ length: N }, (_, g) => ({
    g,
    text: textOf(g),
    rankKey: rankOf(g),
    state: stateOf(g),
    assigneeId: g % 5 === 0 ? me.id : null,
    // Some snoozed now, some whose snooze has run out (they are back in their views).
    snoozedUntil: active(g) && g % 11 === 0 ? later : active(g) && g % 13 === 0 ? earlier : null,
    picked: g % 6 === 0,
  }))
  const [author] = await queryRows<{ id: string }>(
    t.ctx.db,
    sql`insert into authors (network, external_id, handle)
        values ('x', ${`pager-${brand.id}`}, 'pager') returning id`,
  )
  const inserted = await queryRows<{ id: string; g: number }>(
    t.ctx.db,
    sql`with r as (
          select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(
            g int, text text, "rankKey" float8, state text, "assigneeId" uuid,
            "snoozedUntil" timestamptz, picked boolean)),
        p as (
          insert into posts (brand_id, network, external_id, author_id, text, posted_at, thread_key)
          select ${brand.id}::uuid, 'x', 'p' || r.g, ${author!.id}::bigint, r.text, now(), 't' || r.g
          from r returning id, thread_key)
        insert into complaints (brand_id, network, thread_key, lead_post_id, state, dismiss_reason,
          search, priority, scoring_version, rank_key, first_seen_at, last_activity_at,
          assignee_id, snoozed_until, picked_at, picked_by)
        select ${brand.id}::uuid, 'x', p.thread_key, p.id, r.state,
          case when r.state = 'dismissed' then 'spam' end, to_tsvector('simple', r.text), 0,
          'priority-2', r."rankKey", now(), now(), r."assigneeId", r."snoozedUntil",
          case when r.picked then now() end, case when r.picked then ${me.id}::uuid end
        from r join p on p.thread_key = 't' || r.g
        returning id, substr(thread_key, 2)::int as g`,
  )
  stored = inserted.map(({ id, g }) => {
    const row = rows[Number(g)]!
    return { ...row, id, words: row.text.split(' ') }
  })
})
afterAll(async () => {
  await t?.close()
})

/** The API's order: highest rank key first, ties by id (uuid order is its text's order). */
const byRank = (a: Stored, b: Stored) => b.rankKey - a.rankKey || (a.id < b.id ? -1 : 1)

/** Every word but the last whole, the last as a prefix (as searchQuery builds it). */
function matches(c: Stored, q: string | undefined) {
  if (!q) return true
  const words = q.split(' ')
  const last = words.pop()!
  return words.every((w) => c.words.includes(w)) && c.words.some((w) => w.startsWith(last))
}

const expected = (view: InboxView, q?: string) =>
  stored
    .filter((c) => inView(view, c, scope.me, scope.now.getTime()) && matches(c, q))
    .sort(byRank)
    .map((c) => c.id)

/** A whole view read page by page, each page starting at the last one's cursor. */
async function readAll(view: InboxView, filters: InboxFilters, budget?: SearchBudget) {
  const ids: string[] = []
  let cursor = null
  for (let pages = 0; pages < N; pages++) {
    const page = await listInbox(t.ctx.db, scope, { view, filters, cursor, limit: 7 }, budget)
    ids.push(...page.map((c) => c.id))
    if (page.length < 7) return ids
    cursor = { rankKey: page[6]!.rankKey, id: page[6]!.id }
  }
  throw new Error('pages never ended')
}

describe('inbox pages', () => {
  it('reads every view page by page in rank order, ties by id, across page ends', async () => {
    for (const view of INBOX_VIEWS) expect(await readAll(view, {})).toEqual(expected(view))
  })

  // Each budget sends a search down another way: the walk fills the page or runs out of the
  // view; the search index answers; or neither does and the walk goes on.
  const budgets: [string, SearchBudget][] = [
    ['the walk', SEARCH_BUDGET],
    ['the search index', { walkPerRow: 1, few: 1_000 }],
    ['the walk beyond the search index', { walkPerRow: 1, few: 2 }],
  ]
  for (const [way, budget] of budgets) {
    it(`searches by ${way} with the same answers`, async () => {
      for (const q of ['common', 'mid', 'word1', 'rare', 'word3 common', 'nothing']) {
        for (const view of ['open', 'mine', 'waiting', 'resolved'] as const) {
          expect({ q, view, ids: await readAll(view, { q }, budget) }).toEqual({
            q,
            view,
            ids: expected(view, q),
          })
        }
      }
    })
  }

  const countBudgets: [string, SearchBudget][] = [
    ['walking each view', { walkPerRow: 1_000, few: 10_000 }],
    ['one pass over the search index', SEARCH_BUDGET],
    ['the search index view by view', { walkPerRow: 1, few: 2 }],
  ]
  for (const [way, budget] of countBudgets) {
    it(`counts every view by ${way}`, async () => {
      for (const q of [undefined, 'common', 'word1', 'rare']) {
        const counts = await countInbox(t.ctx.db, scope, { q }, INBOX_VIEWS, budget)
        const want = Object.fromEntries(INBOX_VIEWS.map((v) => [v, expected(v, q).length]))
        expect({ q, counts }).toEqual({ q, counts: want })
      }
    })
  }

  it('filters with a search and pages through them', async () => {
    const want = stored
      .filter((c) => inView('open', c, scope.me, scope.now.getTime()) && matches(c, 'common'))
      .filter((c) => c.assigneeId === null && c.picked)
      .sort(byRank)
      .map((c) => c.id)
    expect(await readAll('open', { q: 'common', owner: 'none', picked: 'yes' })).toEqual(want)
  })
})
