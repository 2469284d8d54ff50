import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NormalizedPostInput } from '../../shared/schemas/posts.js'
import { ScoreExplanationSchema, type ScoreFactor } from '../../shared/schemas/scoring.js'
import { sumContributions } from '../../shared/scoring/explanation.js'
import { ordinal } from '../../shared/scoring/reach.js'
import { authorReach, authors, posts, reachScales, scores } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { refreshReach } from '../../server/domain/reach/refresh-reach.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { waitForAnalysis } from '../support/wait.js'

let t: TestContext
let workers: WorkersHandle

beforeAll(async () => {
  // No scheduled refresh: what these tests see is what scoring itself brings up to date.
  t = await createTestContext({ REACH_REFRESH_MS: '0' })
  workers = await startWorkers(t.ctx)
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
})

const SAME_ENGAGEMENT = { likes: 4, replies: 1, shares: 1 }

/** Ingests one complaint per author (all in one batch) and waits until they are scored. */
async function complainAs(
  brandId: string,
  network: string,
  people: Array<{ id: string } & Partial<NormalizedPostInput['author']>>,
) {
  const result = await ingestPosts(t.ctx, {
    brandId,
    channel: 'import',
    posts: people.map(({ id, ...author }) =>
      makePost({
        network,
        externalId: `${network}-${id}`,
        threadId: `${network}-${id}`,
        author: { externalId: id, handle: id, ...author },
        engagement: SAME_ENGAGEMENT,
      }),
    ),
  })
  await waitForAnalysis(t.ctx, result.outboxIds)
}

/** The reach factor of each author's complaint as stored under `version`, by author handle. */
async function reachFactors(brandId: string, version = 'priority-3') {
  const rows = await t.ctx.db
    .select({ handle: authors.handle, explanation: scores.explanation })
    .from(scores)
    .innerJoin(posts, eq(posts.id, scores.postId))
    .innerJoin(authors, eq(authors.id, posts.authorId))
    .where(and(eq(posts.brandId, brandId), eq(scores.version, version)))
  return new Map(
    rows.map((r) => {
      const explanation = ScoreExplanationSchema.parse(r.explanation)
      expect(sumContributions(explanation.factors)).toBe(explanation.priority)
      return [r.handle, explanation.factors.find((f) => f.key === 'reach') as ScoreFactor]
    }),
  )
}

const storedAuthors = async (network: string) =>
  new Map(
    (await t.ctx.db.select().from(authors).where(eq(authors.network, network))).map((a) => [
      a.handle,
      a,
    ]),
  )

describe('priority-3: reach is the author’s percentile on their own network', () => {
  it('counts 5,000 karma at the top of Hacker News above 5,000 followers at the bottom of X', async () => {
    const brand = await makeBrand(t.ctx)
    await complainAs(brand.id, 'hn', [
      { id: 'hn-5', karma: 5 },
      { id: 'hn-40', karma: 40 },
      { id: 'hn-300', karma: 300 },
      { id: 'hn-top', karma: 5_000 },
    ])
    await complainAs(brand.id, 'x', [
      { id: 'x-small', followers: 5_000 },
      { id: 'x-80k', followers: 80_000 },
      { id: 'x-400k', followers: 400_000 },
      { id: 'x-2m', followers: 2_000_000 },
    ])
    const reach = await reachFactors(brand.id)
    expect(reach.get('hn-top')).toMatchObject({
      input: 1,
      contribution: 20,
      note: '100th percentile on Hacker News (karma 5,000)',
    })
    expect(reach.get('x-small')).toMatchObject({
      input: 0,
      contribution: 0,
      note: '0th percentile on X (followers 5,000)',
    })
    expect(reach.get('x-80k')!.note).toBe('33rd percentile on X (followers 80,000)')

    // Placed when scored: stored on the author, with a history row, before any refresh ran.
    const hn = await storedAuthors('hn')
    expect(hn.get('hn-top')!.reach).toBe(1)
    const history = await t.ctx.db
      .select()
      .from(authorReach)
      .where(eq(authorReach.authorId, hn.get('hn-top')!.id))
    expect(history).toEqual([
      expect.objectContaining({ network: 'hn', karma: 5_000, verified: null, reach: 1 }),
    ])
    // A full refresh finds every one of them where scoring put them.
    expect(await refreshReach(t.ctx.db)).toBe(0)
  })

  it('gives a verified account a modest bonus that never lowers its reach', async () => {
    const brand = await makeBrand(t.ctx)
    await complainAs(brand.id, 'bluesky', [
      { id: 'plain', followers: 1_000, verified: false },
      { id: 'unsaid', followers: 1_000 },
      { id: 'badge', followers: 1_000, verified: true },
      { id: 'bigger', followers: 3_000 },
    ])
    const stored = await storedAuthors('bluesky')
    const reachOf = (handle: string) => stored.get(handle)!.reach!
    expect(stored.get('badge')!.verified).toBe(true)
    expect(stored.get('unsaid')!.verified).toBeNull()
    expect(reachOf('badge')).toBeGreaterThan(reachOf('plain'))
    expect(reachOf('plain')).toBe(reachOf('unsaid'))
    // As much as doubling the followers: still below three times as many.
    expect(reachOf('bigger')).toBeGreaterThan(reachOf('badge'))

    const reach = await reachFactors(brand.id)
    expect(reach.get('badge')!.note).toBe('67th percentile on Bluesky (followers 1,000, verified)')
    expect(reach.get('badge')!.contribution).toBeGreaterThan(reach.get('plain')!.contribution)
    const [history] = await t.ctx.db
      .select()
      .from(authorReach)
      .where(eq(authorReach.authorId, stored.get('badge')!.id))
    expect(history).toMatchObject({ verified: true, followers: 1_000 })

    // A later delivery that does not say keeps what the network said before.
    const again = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [makePost({ network: 'bluesky', author: { externalId: 'badge', handle: 'badge' } })],
    })
    await waitForAnalysis(t.ctx, again.outboxIds)
    expect((await storedAuthors('bluesky')).get('badge')!.verified).toBe(true)
  })

  it('places an author first seen after the last refresh on the network’s scale, touching no one else', async () => {
    const brand = await makeBrand(t.ctx)
    await complainAs(brand.id, 'mastodon', [
      { id: 'm10', followers: 10 },
      { id: 'm100', followers: 100 },
      { id: 'm1000', followers: 1_000 },
      { id: 'm10000', followers: 10_000 },
    ])
    const [scale] = await t.ctx.db
      .select()
      .from(reachScales)
      .where(eq(reachScales.network, 'mastodon'))
    expect(scale).toMatchObject({ authors: 4 })
    const before = await storedAuthors('mastodon')

    await complainAs(brand.id, 'mastodon', [{ id: 'newcomer', followers: 500 }])
    const after = await storedAuthors('mastodon')
    // Between the 100 and the 1,000 followers accounts (a third and two thirds of the way).
    const placed = after.get('newcomer')!.reach!
    expect(placed).toBeGreaterThan(1 / 3)
    expect(placed).toBeLessThan(2 / 3)
    for (const [handle, a] of before) expect(after.get(handle)!.reach).toBe(a.reach)
    expect((await reachFactors(brand.id)).get('newcomer')!.note).toBe(
      `${ordinal(Math.round(placed * 100))} percentile on Mastodon (followers 500)`,
    )

    // The scheduled refresh then ranks the network exactly; history keeps both readings.
    expect(await refreshReach(t.ctx.db)).toBeGreaterThan(0)
    const refreshed = await storedAuthors('mastodon')
    expect(refreshed.get('newcomer')!.reach).toBe(0.5)
    const history = await t.ctx.db
      .select({ reach: authorReach.reach })
      .from(authorReach)
      .where(inArray(authorReach.authorId, [refreshed.get('newcomer')!.id]))
      .orderBy(authorReach.id)
    expect(history.map((h) => h.reach)).toEqual([placed, 0.5])
  })
})
