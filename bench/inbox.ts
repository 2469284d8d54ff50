import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { INBOX_VIEWS } from '../shared/triage.js'
import { formatCursor } from '../server/db/repositories/inbox.js'
import { createApp } from '../server/http/app.js'
import { makeUser, openSeeded, readFlags } from './ranking.js'
import { startArrivals } from './seed-complaints.js'

/**
 * `inbox --complaints N`: N stored complaints (a realistic mix of states, some owned by the
 * agent who reads, some snoozed, some picked); every inbox view's first page, a page deep in
 * the queue (100,000 complaints down), filtered pages, the views' counts (also under a
 * search, as the console asks while one is typed) and full-text searches, each fetched over
 * HTTP `pages` times (in turn) while `rate` complaints a second keep arriving. Prints p50/p99
 * per request kind.
 */
export async function runInboxBench(argv: string[]) {
  const flags = readFlags(argv)
  const seeded = await openSeeded('inbox', flags.complaints)
  const { ctx, brand, pool } = seeded
  const agent = await makeUser(ctx.db, 'agent')
  // One complaint in a hundred is the agent's, one in a hundred snoozed, one in fifty picked.
  await pool.query(
    `update complaints c set
       assignee_id = case when x.a < 0.01 then $2::uuid end,
       snoozed_until = case when x.s < 0.01 and c.state in ('new', 'open', 'waiting')
                            then now() + interval '1 day' end,
       picked_at = case when x.p < 0.02 then now() end,
       picked_by = case when x.p < 0.02 then $2::uuid end
     from (select id, random() as a, random() as s, random() as p from complaints
           where brand_id = $1::uuid) x
     where c.id = x.id`,
    [brand.id, agent.user.id],
  )
  await pool.query('vacuum analyze complaints')
  const server = http.createServer(createApp(ctx))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const signIn = await fetch(`${url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: agent.email, password: agent.password }),
    })
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!

    const arrivals = startArrivals(pool, {
      brandId: brand.id,
      from: flags.complaints + 10,
      rate: flags.rate,
    })

    // Where the page 100,000 complaints down the queue starts (or its last page, if shorter).
    const [deep] = (
      await pool.query<{ rank_key: number; id: string }>(
        `select rank_key, id from complaints
         where brand_id = $1::uuid and state in ('new', 'open') and snoozed_until is null
         order by rank_key desc nulls last, id offset $2 limit 1`,
        [brand.id, Math.min(100_000, Math.floor(flags.complaints / 2))],
      )
    ).rows
    const deepCursor = formatCursor({ rankKey: Number(deep!.rank_key), id: deep!.id })

    const base = `${url}/api/brands/${brand.id}`
    // The console's page size unless --limit says otherwise.
    const limit = argv.includes('--limit') ? `&limit=${flags.limit}` : ''
    const requests: Record<string, string> = {
      ...Object.fromEntries(
        INBOX_VIEWS.map((view) => [view, `${base}/inbox?view=${view}${limit}`]),
      ),
      deep: `${base}/inbox?view=open&cursor=${encodeURIComponent(deepCursor)}${limit}`,
      filter_network: `${base}/inbox?view=open&network=x${limit}`,
      filter_reach: `${base}/inbox?view=unassigned&reach=large${limit}`,
      counts: `${base}/inbox/counts`,
      counts_search: `${base}/inbox/counts?q=${encodeURIComponent('lawyer')}`,
      search: `${base}/inbox?view=open&q=${encodeURIComponent('lawyer')}${limit}`,
      search_handle: `${base}/inbox?view=open&q=${encodeURIComponent('user1234')}${limit}`,
    }
    let rowsPerPage = 0
    const timings = new Map<string, number[]>(Object.keys(requests).map((k) => [k, []]))
    for (let i = 0; i < flags.pages + 5; i++) {
      for (const [kind, address] of Object.entries(requests)) {
        const start = performance.now()
        const res = await fetch(address, { headers: { cookie } })
        const body = (await res.json()) as { data: unknown[] | Record<string, number> }
        if (kind === 'open' && Array.isArray(body.data)) rowsPerPage = body.data.length
        if (res.status !== 200) throw new Error(`${kind}: ${res.status}`)
        // The first rounds warm caches and connections; they are not counted.
        if (i >= 5) timings.get(kind)!.push(performance.now() - start)
      }
    }
    const arrived = await arrivals.stop()
    const pct = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b)
      return (
        Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10
      )
    }
    const requestsOut = Object.fromEntries(
      [...timings].map(([kind, values]) => [
        kind,
        { p50_ms: pct(values, 0.5), p99_ms: pct(values, 0.99) },
      ]),
    )
    const all = [...timings.values()].flat()
    return {
      bench: 'inbox',
      complaints: flags.complaints,
      rounds: flags.pages,
      rows_per_page: rowsPerPage,
      arrived_meanwhile: arrived,
      arrival_rate: flags.rate,
      p50_ms: pct(all, 0.5),
      p99_ms: pct(all, 0.99),
      requests: requestsOut,
    }
  } finally {
    await new Promise((resolve) => server.close(resolve))
    await seeded.cleanup()
  }
}
