import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { eq, sql } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRIORITY_3_CONFIG } from '../../shared/scoring/defaults.js'
import type { Queryable } from '../../server/db/client.js'
import { insertAnalyses } from '../../server/db/repositories/analyses.js'
import { readRollups, sumRollups } from '../../server/db/repositories/rollups.js'
import { queryRows } from '../../server/db/rows.js'
import { scoringVersions } from '../../server/db/schema.js'
import { markPostDeleted } from '../../server/domain/complaints/delete-post.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { publishScoringVersion } from '../../server/domain/scoring/publish-version.js'
import { saveScoringDraft } from '../../server/domain/scoring/save-draft.js'
import { analyzePosts } from '../../workers/processors/analyze-posts.js'
import { rescoreVersion } from '../../workers/processors/rescore.js'
import { makeUser } from '../support/auth.js'
import { createTestContext, driver, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { rawRollups, storedRollups, themeOf, type Cell } from '../support/rollups-raw.js'

let t: TestContext
let rescoreVersionId: number
beforeAll(async () => {
  t = await createTestContext()
  const adviser = await makeUser(t.ctx, 'adviser')
  const draft = await saveScoringDraft(t.ctx, {
    config: { ...PRIORITY_3_CONFIG, weights: { ...PRIORITY_3_CONFIG.weights, pick: 10 } },
    actorId: adviser.id,
    ip: null,
  })
  await publishScoringVersion(t.ctx, {
    versionId: draft.id,
    changelog: 'A pick counts for ten points.',
    actorId: adviser.id,
    ip: null,
  })
  rescoreVersionId = draft.id
})
afterAll(() => t?.close())

const MIGRATION = fileURLToPath(
  new URL('../../server/db/migrations/0021_rollups.sql', import.meta.url),
)
const MINUTE = 60_000
const TEXTS: Array<[text: string, lang: string]> = [
  ['My Kredo score dropped from 69 to 35 overnight and support will not answer. Terrible.', 'en'],
  ['I love the new Kredo, great work!', 'en'],
  ['Kredo published its quarterly numbers today.', 'en'],
  ['Still waiting for Kredo support to fix my account, a week now. Useless.', 'en'],
  ['Mein Kredo Score ist gefallen und der Support antwortet nicht. Schrecklich.', 'de'],
  ['Kredo es genial, gracias por la ayuda!', 'es'],
]
const NETWORKS = ['bluesky', 'mastodon', 'reddit', 'forum.kloutusers.example']

const postArb = fc.record({
  text: fc.nat(TEXTS.length - 1),
  network: fc.constantFrom(...NETWORKS),
  author: fc.nat(3),
  // Spread over three days, so minute, hour and day buckets all both split and gather posts.
  minutesAgo: fc.oneof(fc.nat(20), fc.nat(180), fc.nat(3 * 24 * 60)),
})
// Theme commands pick among a stream's first posts, so assignments meet again: moved, merged,
// removed after a delete.
const command = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('ingest' as const),
      posts: fc.array(postArb, { minLength: 1, maxLength: 6 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('theme' as const),
      pick: fc.nat(4),
      theme: fc.nat(2),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('merge' as const), from: fc.nat(2), into: fc.nat(2) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unassign' as const), pick: fc.nat(4) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reanalyse' as const),
      pick: fc.nat(),
      label: fc.constantFrom('positive' as const, 'neutral' as const, 'negative' as const),
      complaint: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reach' as const),
      author: fc.nat(3),
      reach: fc.integer({ min: 0, max: 100 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'rescore' as const }) },
)
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never

interface Stream {
  brandId: string
  themes: string[]
  uid: string
  posts: number[]
  reanalysed: number
}

const postIds = async (s: Stream) =>
  (
    await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select id from posts where brand_id = ${s.brandId}::uuid order by id`,
    )
  ).map((r) => Number(r.id))

async function run(s: Stream, c: Command) {
  const db = t.ctx.db
  const pick = (n: number) => s.posts[n % s.posts.length]
  switch (c.kind) {
    case 'ingest': {
      const now = Date.now()
      const ingested = await ingestPosts(t.ctx, {
        brandId: s.brandId,
        channel: 'import',
        posts: c.posts.map((p) =>
          makePost({
            text: TEXTS[p.text]![0],
            lang: TEXTS[p.text]![1],
            network: p.network,
            postedAt: new Date(now - p.minutesAgo * MINUTE - 1000).toISOString(),
            author: {
              externalId: `author-${s.uid}-${p.author}`,
              handle: `author${p.author}.example`,
              displayName: 'Someone',
              followers: 100 * (p.author + 1),
            },
          }),
        ),
      })
      for (const outboxId of ingested.outboxIds) await analyzePosts(t.ctx, { outboxId })
      s.posts = await postIds(s)
      return
    }
    case 'delete': {
      const id = pick(c.pick)
      if (id === undefined) return
      const [post] = await queryRows<{ network: string; external_id: string }>(
        db,
        sql`select network, external_id from posts where id = ${id}`,
      )
      await markPostDeleted(t.ctx, {
        brandId: s.brandId,
        network: post!.network,
        externalId: post!.external_id,
      })
      return
    }
    case 'theme': {
      const id = pick(c.pick)
      if (id === undefined) return
      await db.execute(
        sql`insert into post_themes (post_id, brand_id, theme_id)
            values (${id}, ${s.brandId}::uuid, ${s.themes[c.theme]}::uuid)
            on conflict (post_id) do update set theme_id = excluded.theme_id`,
      )
      return
    }
    case 'merge':
      await db.execute(
        sql`update post_themes set theme_id = ${s.themes[c.into]}::uuid
            where theme_id = ${s.themes[c.from]}::uuid`,
      )
      return
    case 'unassign': {
      const id = pick(c.pick)
      if (id !== undefined) await db.execute(sql`delete from post_themes where post_id = ${id}`)
      return
    }
    case 'reanalyse': {
      const id = pick(c.pick)
      if (id === undefined) return
      // A newer analyzer version's row: it replaces the post's contribution.
      s.reanalysed += 1
      await insertAnalyses(db, [
        {
          postId: id,
          analysis: {
            version: `test-analyzer-${s.reanalysed}`,
            sentiment: c.label === 'negative' ? -0.8 : c.label === 'positive' ? 0.8 : 0,
            label: c.label,
            confidence: 0.9,
            isComplaint: c.complaint,
            complaintScore: c.complaint ? 0.9 : 0.1,
            language: 'fr',
            supported: true,
            explanation: { reasons: [], complaintReasons: [], complaintCues: [], tokens: 3 },
          },
        },
      ])
      return
    }
    case 'reach':
      // Reach moves on after analysis; what was counted keeps the reach it was analysed with.
      await db.execute(
        sql`update authors set reach = ${c.reach / 100} where external_id = ${`author-${s.uid}-${c.author}`}`,
      )
      return
    case 'rescore':
      await db
        .update(scoringVersions)
        .set({ rescoreState: 'running', rescoreCursor: 0 })
        .where(eq(scoringVersions.id, rescoreVersionId))
      await rescoreVersion(t.ctx, { versionId: rescoreVersionId })
      return
  }
}

async function newStream(): Promise<Stream> {
  const brand = await makeBrand(t.ctx)
  const themes = []
  for (const name of ['score dropped', 'support silent', 'job search'])
    themes.push(await themeOf(t.ctx.db, brand.id, name))
  return { brandId: brand.id, themes, uid: brand.slug, posts: [], reanalysed: 0 }
}

async function expectRollupsEqualRaw(db: Queryable, brandId: string) {
  const [stored, raw] = await Promise.all([storedRollups(db, brandId), rawRollups(db, brandId)])
  expect(stored.empty).toEqual([])
  expect(stored.cells).toEqual(raw)
}

describe('rollups', () => {
  it('equal the raw rows after random streams of posts, deletes, themes, re-analyses and rescores', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        const s = await newStream()
        for (const c of commands) await run(s, c)
        await expectRollupsEqualRaw(t.ctx.db, s.brandId)
      }),
      { numRuns: 25 },
    )
  }, 120_000)

  it('are read back per bucket and summed per key', async () => {
    const s = await newStream()
    await run(s, {
      kind: 'ingest',
      posts: [
        { text: 0, network: 'bluesky', author: 0, minutesAgo: 5 },
        { text: 1, network: 'bluesky', author: 1, minutesAgo: 5 },
        { text: 0, network: 'reddit', author: 2, minutesAgo: 125 },
      ],
    })
    const to = new Date(Date.now() + 60 * MINUTE)
    const from = new Date(Date.now() - 24 * 60 * MINUTE)
    const q = { brandId: s.brandId, grain: 'hour' as const, from, to }
    const all = await readRollups(t.ctx.db, { ...q, dimension: 'all' })
    expect(all.map((r) => r.posts).reduce((a, b) => a + b, 0)).toBe(3)
    expect(all.map((r) => r.bucket.getTime())).toEqual(
      [...all.map((r) => r.bucket.getTime())].sort(),
    )
    const networks = await sumRollups(t.ctx.db, { ...q, dimension: 'network' })
    expect(networks.map((n) => [n.key, n.posts])).toEqual([
      ['bluesky', 2],
      ['reddit', 1],
    ])
    expect(
      await readRollups(t.ctx.db, { ...q, dimension: 'network', keys: ['reddit'] }),
    ).toHaveLength(1)
  })

  it('leave no trace of a rolled-back analysis, and count a retried one once', async () => {
    const s = await newStream()
    const ingested = await ingestPosts(t.ctx, {
      brandId: s.brandId,
      channel: 'import',
      posts: [makePost(), makePost()],
    })
    const failure = new Error('the worker died mid-batch')
    await expect(
      t.ctx.db.transaction(async (tx) => {
        const ids = await postIdsIn(tx, s.brandId)
        await insertAnalyses(
          tx,
          ids.map((postId) => ({ postId, analysis: sampleAnalysis })),
        )
        // Counted, and set aside until the commit folds it in (0034).
        const [pending] = await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from rollups_pending where tx = pg_current_xact_id()`,
        )
        expect(pending!.n).toBeGreaterThan(0)
        throw failure
      }),
    ).rejects.toBe(failure)
    expect((await storedRollups(t.ctx.db, s.brandId)).cells).toEqual([])
    for (const outboxId of ingested.outboxIds) {
      await analyzePosts(t.ctx, { outboxId })
      await analyzePosts(t.ctx, { outboxId })
    }
    // The analysis written again (a redelivered batch past its outbox check) adds nothing.
    const stored = await queryRows<{ post_id: string; version: string }>(
      t.ctx.db,
      sql`select a.post_id, a.version from analyses a join posts p on p.id = a.post_id
          where p.brand_id = ${s.brandId}::uuid`,
    )
    expect(stored).toHaveLength(2)
    await insertAnalyses(
      t.ctx.db,
      stored.map((a) => ({
        postId: Number(a.post_id),
        analysis: { ...sampleAnalysis, version: a.version },
      })),
    )
    await expectRollupsEqualRaw(t.ctx.db, s.brandId)
    const [total] = (await storedRollups(t.ctx.db, s.brandId)).cells.filter(
      (c) => c.grain === 'day' && c.dimension === 'all',
    )
    expect(total?.posts).toBe(2)
  })

  // Concurrent analyze transactions upsert the same cells; sorted upserts lock them in one order
  // (PGlite runs one transaction at a time, so this is PostgreSQL's).
  it.skipIf(driver() !== 'postgres')(
    'count concurrent batches over the same buckets once each, without deadlocks',
    async () => {
      const s = await newStream()
      const now = Date.now()
      const batches = await Promise.all(
        Array.from({ length: 6 }, (_, b) =>
          ingestPosts(t.ctx, {
            brandId: s.brandId,
            channel: 'import',
            posts: Array.from({ length: 40 }, (_, i) =>
              makePost({
                text: TEXTS[(b + i) % TEXTS.length]![0],
                network: NETWORKS[(b * 7 + i) % NETWORKS.length]!,
                postedAt: new Date(now - (i % 5) * MINUTE - 1000).toISOString(),
              }),
            ),
          }),
        ),
      )
      await Promise.all(
        batches.flatMap((b) => b.outboxIds).map((outboxId) => analyzePosts(t.ctx, { outboxId })),
      )
      await expectRollupsEqualRaw(t.ctx.db, s.brandId)
      const [all] = await sumRollups(t.ctx.db, {
        brandId: s.brandId,
        grain: 'day',
        dimension: 'all',
        from: new Date(now - 2 * 86_400_000),
        to: new Date(now + 86_400_000),
      })
      expect(all?.posts).toBe(240)
    },
  )

  // Last in the file: it recomputes every brand's rollups, as the migration does on upgrade.
  it('are backfilled from the stored rows by migration 0021, reach included', async () => {
    const s = await newStream()
    await run(s, {
      kind: 'ingest',
      posts: [0, 1, 2, 3, 4].map((i) => ({
        text: i,
        network: NETWORKS[i % 2]!,
        author: i % 3,
        minutesAgo: i * 700,
      })),
    })
    await run(s, { kind: 'delete', pick: 1 })
    await run(s, { kind: 'reanalyse', pick: 2, label: 'negative', complaint: true })
    await t.ctx.db.execute(
      sql`update authors set reach = 0.25 where external_id like ${`author-${s.uid}-%`}`,
    )
    const expected = await rawRollups(t.ctx.db, s.brandId)

    // A database from before 0021: no rollups, no reach on its analyses.
    await t.ctx.db.execute(sql`delete from rollups`)
    await t.ctx.db.execute(sql`update analyses set author_reach = null`)
    const statements = fs.readFileSync(MIGRATION, 'utf8').split('--> statement-breakpoint')
    for (const marker of ['UPDATE "analyses"', 'An upgraded database shows its history']) {
      const statement = statements.filter((text) => text.includes(marker))
      expect(statement).toHaveLength(1)
      await t.ctx.db.execute(sql.raw(statement[0]!))
    }
    const backfilled = await rawRollups(t.ctx.db, s.brandId)
    // Reach is what the authors have now (0.25 each), the best an upgrade can know.
    expect(backfilled.filter((c) => c.reachSum !== 0.25 * c.posts)).toEqual([])
    expect(backfilled.map(withoutReach)).toEqual(expected.map(withoutReach))
    await expectRollupsEqualRaw(t.ctx.db, s.brandId)
  })
})

const withoutReach = ({ reachSum: _sum, reachNegative: _negative, ...counts }: Cell) => counts

const sampleAnalysis = {
  version: 'firebreak-rollback-test',
  sentiment: -0.5,
  label: 'negative' as const,
  confidence: 0.9,
  isComplaint: true,
  complaintScore: 0.9,
  language: 'en',
  supported: true,
  explanation: { reasons: [], complaintReasons: [], complaintCues: [], tokens: 3 },
}

const postIdsIn = async (q: Queryable, brandId: string) =>
  (
    await queryRows<{ id: string }>(q, sql`select id from posts where brand_id = ${brandId}::uuid`)
  ).map((r) => Number(r.id))
