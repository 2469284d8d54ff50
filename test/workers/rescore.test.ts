import { eq, inArray, sql } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRIORITY_3_CONFIG } from '../../shared/scoring/defaults.js'
import { queryRows } from '../../server/db/rows.js'
import { complaints, posts, scores, scoringVersions } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { publishScoringVersion } from '../../server/domain/scoring/publish-version.js'
import { saveScoringDraft } from '../../server/domain/scoring/save-draft.js'
import { startWorkers } from '../../workers/main.js'
import { rescoreVersion } from '../../workers/processors/rescore.js'
import { makeUser } from '../support/auth.js'
import { createTestContext, driver, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { waitForAnalysis } from '../support/wait.js'

let t: TestContext
beforeAll(async () => {
  t = await createTestContext()
})
afterAll(() => t?.close())

describe('the rescore job', () => {
  it('adds a row per complaint post in ordered batches, moves complaints, and a re-run or resume adds nothing', async () => {
    const brand = await makeBrand(t.ctx)
    const workers = await startWorkers(t.ctx)
    const ingested = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [
        ...Array.from({ length: 6 }, (_, i) => makePost({ threadId: `t${i % 4}` })),
        makePost({ threadId: 'praise', text: 'I love the new Kredo, great work!' }),
      ],
    })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    await workers.close()

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
    const ids = (
      await t.ctx.db.select({ id: posts.id }).from(posts).where(eq(posts.brandId, brand.id))
    ).map((p) => p.id)
    const before = await t.ctx.db.select().from(scores).where(inArray(scores.postId, ids))

    // Batches of two posts: several transactions in flight, each committing its cursor in order.
    const added = await rescoreVersion(t.ctx, { versionId: draft.id }, { batch: 2 })
    const after = await t.ctx.db.select().from(scores).where(inArray(scores.postId, ids))
    expect(after.filter((s) => s.version === 'priority-3')).toEqual(
      before.filter((s) => s.version === 'priority-3'),
    )
    const fresh = after.filter((s) => s.version === draft.key)
    expect(fresh).toHaveLength(6) // complaint posts only; the praise is not a complaint
    expect(added).toBeGreaterThanOrEqual(6)
    const [row] = await t.ctx.db
      .select()
      .from(scoringVersions)
      .where(eq(scoringVersions.id, draft.id))
    expect(row).toMatchObject({ rescoreState: 'done' })
    expect(row!.rescoreCursor).toBeGreaterThanOrEqual(Math.max(...ids))
    const moved = await t.ctx.db
      .select({ version: complaints.scoringVersion })
      .from(complaints)
      .where(eq(complaints.brandId, brand.id))
    expect(moved.map((c) => c.version)).toEqual(Array(4).fill(draft.key))

    // Done is done; a rescore resumed from the start adds no row twice.
    expect(await rescoreVersion(t.ctx, { versionId: draft.id })).toBe(0)
    await t.ctx.db
      .update(scoringVersions)
      .set({ rescoreState: 'running', rescoreCursor: 0 })
      .where(eq(scoringVersions.id, draft.id))
    await rescoreVersion(t.ctx, { versionId: draft.id }, { batch: 3 })
    const [{ n }] = (await t.ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(scores)
      .where(inArray(scores.postId, ids))) as [{ n: number }]
    expect(n).toBe(after.length)
  })

  // Batches are written up to two at once; a thread whose posts fall in both must not lock
  // them against each other (PGlite runs one transaction at a time, so this is PostgreSQL's).
  it.skipIf(driver() === 'pglite')(
    'writes batches that share a thread without deadlocking, however their writes interleave',
    async () => {
      const brand = await makeBrand(t.ctx)
      const workers = await startWorkers(t.ctx)
      const ingested = await ingestPosts(t.ctx, {
        brandId: brand.id,
        channel: 'import',
        // Batches of two: [shared, a] and [shared, b] both hold a post of thread "shared".
        posts: ['shared', 'a', 'shared', 'b'].map((thread) => makePost({ threadId: thread })),
      })
      await waitForAnalysis(t.ctx, ingested.outboxIds)
      await workers.close()
      const [first] = await t.ctx.db
        .select({ id: posts.id })
        .from(posts)
        .where(eq(posts.brandId, brand.id))
        .orderBy(posts.id)
        .limit(1)
      const adviser = await makeUser(t.ctx, 'adviser')
      const draft = await saveScoringDraft(t.ctx, {
        config: { ...PRIORITY_3_CONFIG, weights: { ...PRIORITY_3_CONFIG.weights, pick: 20 } },
        actorId: adviser.id,
        ip: null,
      })
      await publishScoringVersion(t.ctx, {
        versionId: draft.id,
        changelog: 'A pick counts for twenty points.',
        actorId: adviser.id,
        ip: null,
      })

      // Another transaction holds the first batch back (the same score key, not committed),
      // so the second batch is written while the first one waits.
      const other = new pg.Client({ connectionString: t.ctx.config.databaseUrl })
      await other.connect()
      try {
        await other.query('begin')
        await other.query(
          `insert into scores (post_id, version, priority, explanation, revision)
           values ($1, $2, 0, '{}'::jsonb, 0)`,
          [first!.id, draft.key],
        )
        const run = rescoreVersion(t.ctx, { versionId: draft.id }, { batch: 2 })
        run.catch(() => {})
        // The second batch's transaction has done what it may before the first commits, and
        // waits (asked on a connection of its own: a transaction sees one snapshot of stats).
        const parked = async () => {
          const [row] = await queryRows<{ n: number }>(
            t.ctx.db,
            sql`select count(*)::int as n from pg_stat_activity
                where datname = current_database() and state = 'idle in transaction'
                  and (query like 'with added as%' or query like 'update complaints%')`,
          )
          return row!.n
        }
        await expect.poll(parked, { timeout: 10_000 }).toBe(1)
        await other.query('rollback')
        const outcome = await Promise.race([
          run.then(() => 'done'),
          new Promise((resolve) => setTimeout(() => resolve('deadlocked'), 15_000).unref()),
        ])
        if (outcome !== 'done') {
          // Free the stuck transactions, or closing the pool would wait for ever.
          await other.query(
            `select pg_terminate_backend(pid) from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid()`,
          )
        }
        expect(outcome).toBe('done')
        const moved = await t.ctx.db
          .select({ version: complaints.scoringVersion })
          .from(complaints)
          .where(eq(complaints.brandId, brand.id))
        expect(moved.map((c) => c.version)).toEqual(Array(3).fill(draft.key))
      } finally {
        await other.end()
      }
    },
  )
})
