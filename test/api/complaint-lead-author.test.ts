import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { markPostDeleted } from '../../server/domain/complaints/delete-post.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import {
  answeredByReach,
  readPeriodComplainers,
  type ComplainerWalk,
} from '../../server/db/repositories/period-complainers.js'
import { queryRows } from '../../server/db/rows.js'
import { makeBrand, makePost } from '../support/factories.js'
import { apiForFile } from '../support/server.js'
import { waitForAnalysis } from '../support/wait.js'

const file = apiForFile()
const TEXT = 'Kredo dropped my score overnight and support will not answer. Terrible.'

async function ingest(brandId: string, posts: ReturnType<typeof makePost>[]) {
  const ingested = await ingestPosts(file.t.ctx, { brandId, channel: 'import', posts })
  await waitForAnalysis(file.t.ctx, ingested.outboxIds)
}

/** Authors are shared across brands: each run's are its own. */
const run = Math.random().toString(36).slice(2, 8)
const author = (name: string, followers: number) => ({
  externalId: `${name}-${run}`,
  handle: `${name}${run}.example`,
  followers,
})

/** Each complaint's thread and whether its carried lead author is its lead post's author. */
async function leadAuthors(brandId: string) {
  return queryRows<{ thread_key: string; in_step: boolean; handle: string }>(
    file.t.ctx.db,
    sql`select c.thread_key, c.lead_author_id is not distinct from p.author_id as in_step,
               au.handle
        from complaints c join posts p on p.id = c.lead_post_id
        join authors au on au.id = c.lead_author_id
        where c.brand_id = ${brandId}::uuid order by c.thread_key`,
  )
}

/** The period's top complainers and their answered complaints, straight from the lead posts. */
async function rawTop(brandId: string, from: Date, to: Date, limit: number) {
  const arrived = sql`complaints c join posts p on p.id = c.lead_post_id
    where c.brand_id = ${brandId}::uuid and c.state <> 'dismissed'
      and c.first_seen_at >= ${from.toISOString()}::timestamptz
      and c.first_seen_at < ${to.toISOString()}::timestamptz`
  const [row] = await queryRows<{ ids: string[] | null; top: string; top_answered: string }>(
    file.t.ctx.db,
    sql`with top as (
          select a.id, a.reach, a.followers from authors a
          where a.id in (select p.author_id from ${arrived})
          order by a.reach desc nulls last, a.followers desc nulls last, a.id limit ${limit})
        select (select array_agg(id::text order by reach desc nulls last, followers desc nulls last, id)
                from top) as ids,
               count(*) as top, count(c.first_response_at) as top_answered
        from ${arrived} and p.author_id in (select id from top)`,
  )
  return {
    ids: (row!.ids ?? []).map(Number),
    top: Number(row!.top),
    topAnswered: Number(row!.top_answered),
  }
}

describe('a complaint’s lead author', () => {
  it('follows the lead post: on insert, when the lead moves, when the post’s author changes', async () => {
    const brand = await makeBrand(file.t.ctx)
    await ingest(brand.id, [
      makePost({ threadId: 'a', text: `${TEXT} case a`, author: author('amy', 500) }),
      makePost({ threadId: 'b', text: `${TEXT} case b`, author: author('bob', 20_000) }),
    ])
    expect((await leadAuthors(brand.id)).map((r) => [r.in_step, r.handle])).toEqual([
      [true, `amy${run}.example`],
      [true, `bob${run}.example`],
    ])

    // Cy replies in Bob's thread and Bob's post is deleted at the source: Cy leads.
    await ingest(brand.id, [
      makePost({
        threadId: 'b',
        externalId: 'b-reply',
        text: `${TEXT} case b by cy`,
        author: author('cy', 2_000),
      }),
    ])
    const [b] = await queryRows<{ network: string; external_id: string }>(
      file.t.ctx.db,
      sql`select p.network, p.external_id from complaints c join posts p on p.id = c.lead_post_id
          where c.brand_id = ${brand.id}::uuid and p.text like '% case b'`,
    )
    await markPostDeleted(file.t.ctx, {
      brandId: brand.id,
      network: b!.network,
      externalId: b!.external_id,
    })
    expect((await leadAuthors(brand.id)).map((r) => [r.in_step, r.handle])).toEqual([
      [true, `amy${run}.example`],
      [true, `cy${run}.example`],
    ])

    // Amy's post is reattributed to Bob by hand: her complaint follows.
    await file.t.ctx.db.execute(
      sql`update posts p set author_id = (select id from authors where handle = ${`bob${run}.example`})
          from complaints c where c.brand_id = ${brand.id}::uuid and p.id = c.lead_post_id
            and c.thread_key like '%a'`,
    )
    expect((await leadAuthors(brand.id)).map((r) => [r.in_step, r.handle])).toEqual([
      [true, `bob${run}.example`],
      [true, `cy${run}.example`],
    ])
  })

  it('gives both walks the raw query’s top complainers and answered counts', async () => {
    const brand = await makeBrand(file.t.ctx)
    const names = ['dee', 'eve', 'fay', 'gus', 'hal', 'ivy']
    await ingest(
      brand.id,
      names.flatMap((name, i) =>
        Array.from({ length: 1 + (i % 3) }, (_, k) =>
          makePost({
            threadId: `${name}-${k}`,
            text: `${TEXT} case ${name} ${k}`,
            author: author(name, 100 * (i + 1)),
          }),
        ),
      ),
    )
    // Some are answered, one dismissed (left out of every count).
    await file.t.ctx.db.execute(
      sql`update complaints set first_response_at = first_seen_at + interval '1 minute'
          where brand_id = ${brand.id}::uuid and thread_key like '%-0'`,
    )
    await file.t.ctx.db.execute(
      sql`update complaints set state = 'dismissed', dismiss_reason = 'spam'
          where brand_id = ${brand.id}::uuid and thread_key like '%eve-1'`,
    )
    const [span] = await queryRows<{ from: Date; to: Date }>(
      file.t.ctx.db,
      sql`select min(first_seen_at) as from, max(first_seen_at) + interval '1 ms' as to
          from complaints where brand_id = ${brand.id}::uuid`,
    )
    const period = { brandId: brand.id, from: new Date(span!.from), to: new Date(span!.to) }
    for (const limit of [1, 3, 100]) {
      const raw = await rawTop(brand.id, period.from, period.to, limit)
      expect(raw.ids.length).toBe(Math.min(limit, names.length))
      for (const walk of ['by_reach', 'by_arrival'] as ComplainerWalk[]) {
        expect(await answeredByReach(file.t.ctx.db, { ...period, limit, walk })).toEqual({
          top: raw.top,
          topAnswered: raw.topAnswered,
        })
        const rows = await readPeriodComplainers(file.t.ctx.db, { ...period, limit, walk })
        expect(rows.map((r) => r.authorId)).toEqual(raw.ids)
      }
    }
  })
})
