import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { InboxCountsSchema, InboxPageSchema, REACH_BANDS } from '../../shared/schemas/inbox.js'
import { INBOX_COUNT_CAP, INBOX_SEARCH_COUNT_CAP } from '../../shared/schemas/inbox.js'
import { markPostDeleted } from '../../server/domain/complaints/delete-post.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { queryRows } from '../../server/db/rows.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { makeBrand, makePost } from '../support/factories.js'
import { apiForFile } from '../support/server.js'
import { waitForAnalysis } from '../support/wait.js'

const file = apiForFile()
let agent: SignedIn

beforeAll(async () => {
  agent = await signIn(file.api.url, await makeUser(file.t.ctx, 'agent'))
})

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

/** The lead post's thread of each complaint in the `open` view under a reach band. */
async function threadsIn(brandId: string, reach: string) {
  const res = await agent.get(`/api/brands/${brandId}/inbox?view=open&reach=${reach}`)
  expect(res.status).toBe(200)
  return InboxPageSchema.parse(res.body)
    .data.map((c) => c.lead.text.split(' case ')[1])
    .sort()
}

/**
 * Complaints whose carried followers do not have as many digits as their lead author's (always
 * none): the count is carried when it gains or loses a digit (0035), all the bands can tell.
 */
async function outOfStep(brandId: string) {
  return queryRows<{ id: string }>(
    file.t.ctx.db,
    sql`select c.id from complaints c
        join posts p on p.id = c.lead_post_id join authors au on au.id = p.author_id
        where c.brand_id = ${brandId}::uuid
          and follower_digits(c.lead_followers) <> follower_digits(au.followers)`,
  )
}

describe('the reach filter', () => {
  it("follows the lead author's followers as they change and as the lead moves", async () => {
    const brand = await makeBrand(file.t.ctx)
    await ingest(brand.id, [
      makePost({ threadId: 'a', text: `${TEXT} case a`, author: author('amy', 500) }),
      makePost({ threadId: 'b', text: `${TEXT} case b`, author: author('bob', 20_000) }),
    ])
    expect(await threadsIn(brand.id, 'small')).toEqual(['a'])
    expect(await threadsIn(brand.id, 'large')).toEqual(['b'])

    // Amy is seen again with 50,000 followers: her complaint moves band without being touched.
    await ingest(brand.id, [
      makePost({ threadId: 'c', text: `${TEXT} case c`, author: author('amy', 50_000) }),
    ])
    expect(await threadsIn(brand.id, 'small')).toEqual([])
    expect(await threadsIn(brand.id, 'large')).toEqual(['a', 'b', 'c'])
    // Then with 99,999 and 100,000: the band changes at the digit, not before.
    await ingest(brand.id, [
      makePost({ threadId: 'd', text: `${TEXT} case d`, author: author('amy', 99_999) }),
    ])
    expect(await threadsIn(brand.id, 'large')).toEqual(['a', 'b', 'c', 'd'])
    await ingest(brand.id, [
      makePost({ threadId: 'e', text: `${TEXT} case e`, author: author('amy', 100_000) }),
    ])
    expect(await threadsIn(brand.id, 'huge')).toEqual(['a', 'c', 'd', 'e'])
    await ingest(brand.id, [
      makePost({ threadId: 'f', text: `${TEXT} case f`, author: author('amy', 50_000) }),
    ])
    expect(await threadsIn(brand.id, 'huge')).toEqual([])
    const counts = InboxCountsSchema.parse(
      (await agent.get(`/api/brands/${brand.id}/inbox/counts?reach=large`)).body,
    )
    expect(counts.data).toMatchObject({ open: 6, unassigned: 6 })
    expect(counts.cap).toBe(INBOX_COUNT_CAP)

    // A reply by Cy (2,000 followers) in Bob's thread; Bob's post is deleted at the source, so
    // Cy's leads and the complaint reads Cy's reach.
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
    if (b!.external_id === 'b-reply') throw new Error('the reply should not lead yet')
    await markPostDeleted(file.t.ctx, {
      brandId: brand.id,
      network: b!.network,
      externalId: b!.external_id,
    })
    expect(await threadsIn(brand.id, 'medium')).toEqual(['b by cy'])
    expect(await threadsIn(brand.id, 'large')).toEqual(['a', 'c', 'd', 'e', 'f'])
    expect(await outOfStep(brand.id)).toEqual([])
  })
})

describe('the reach bands', () => {
  it('are bounded by powers of ten, the steps at which complaints take new follower counts', () => {
    const bounds = Object.values(REACH_BANDS).flatMap((b) => [b.min, b.max])
    for (const bound of bounds) {
      if (bound === null || bound === 0) continue
      expect(String(bound)).toMatch(/^10*$/)
    }
  })
})

describe('counts under a search', () => {
  it('say where they stop', async () => {
    const brand = await makeBrand(file.t.ctx)
    await ingest(brand.id, [
      makePost({ threadId: 'a', text: `${TEXT} case a`, author: author('dee', 10) }),
    ])
    const counts = InboxCountsSchema.parse(
      (await agent.get(`/api/brands/${brand.id}/inbox/counts?q=overnight`)).body,
    )
    expect(counts).toMatchObject({ cap: INBOX_SEARCH_COUNT_CAP, data: { open: 1 } })
  })
})
