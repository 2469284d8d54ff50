import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { Job, QueueEvents } from 'bullmq'
import { asc, sql } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { ScoringConfigSchema } from '../../shared/schemas/scoring-config.js'
import { ScoreExplanationSchema } from '../../shared/schemas/scoring.js'
import { PRIORITY_2_CONFIG, PRIORITY_3_CONFIG } from '../../shared/scoring/defaults.js'
import { currentScoringVersion } from '../../server/db/repositories/scoring-versions.js'
import { rescoreJobId } from '../../server/domain/scoring/enqueue-rescore.js'
import { complaints, scores, scoringVersions } from '../../server/db/schema.js'
import { createRedis } from '../../server/queue/redis.js'
import { startWorkers } from '../../workers/main.js'
import { createTestContext, driver, type TestContext } from '../support/context.js'
import { PG_ADMIN_URL, databaseUrl } from '../support/postgres.js'

const MIGRATIONS = fileURLToPath(new URL('../../server/db/migrations', import.meta.url))
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-upgrade-'))
const opened: TestContext[] = []
const databases: string[] = []

afterAll(async () => {
  for (const t of opened) await t.close()
  fs.rmSync(scratch, { recursive: true, force: true })
  if (!databases.length) return
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
  await admin.connect()
  for (const name of databases) await admin.query(`drop database if exists "${name}" with (force)`)
  await admin.end()
})

/** A copy of the migrations as they stood before 0006 (the install being upgraded). */
function migrationsBefore0006(): string {
  const dir = path.join(scratch, 'migrations-0005')
  fs.mkdirSync(path.join(dir, 'meta'), { recursive: true })
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8'))
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= 5)
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal))
  for (const e of journal.entries as Array<{ tag: string }>)
    fs.copyFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`))
  return dir
}

/**
 * An install as it stood before migration 0006: migrated to 0005, `state` run on it (its own
 * data), closed. Returns the overrides that open Firebreak on it, which migrates it to now.
 */
async function installBefore0006(name: string, state: string): Promise<Record<string, string>> {
  const folder = migrationsBefore0006()
  if (driver() === 'pglite') {
    const dir = path.join(scratch, name)
    fs.mkdirSync(path.join(dir, 'pglite'), { recursive: true })
    const client = new PGlite(path.join(dir, 'pglite'))
    await migratePglite(drizzlePglite(client), { migrationsFolder: folder })
    await client.exec(state)
    await client.close()
    return { DATA_DIR: dir }
  }
  const database = `fb_upgrade_${name}_${process.pid}_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
  await admin.connect()
  await admin.query(`create database "${database}"`)
  await admin.end()
  databases.push(database)
  const client = new pg.Client({ connectionString: databaseUrl(database) })
  await client.connect()
  await migratePg(drizzlePg(client), { migrationsFolder: folder })
  await client.query(state)
  await client.end()
  return { DATABASE_URL: databaseUrl(database) }
}

/**
 * A complaint scored under priority-2 before the upgrade: its author (12,400 followers on
 * Bluesky, placed by the scheduled refresh at the 80th percentile), the post, its analysis,
 * its priority-2 score and the complaint ranked by it.
 */
const SCORED_UNDER_PRIORITY_2 = `
  update scoring_versions set rescore_state = 'done', rescore_finished_at = now();
  insert into brands (id, slug, name) values ('00000000-0000-4000-8000-000000000001', 'kredo', 'Kredo');
  insert into authors (source, external_id, handle, followers, reach, reach_computed_at)
    values ('bluesky', 'did:plc:ann', 'ann.bsky.social', 12400, 0.8, now());
  insert into posts (brand_id, source, external_id, author_id, text, lang, posted_at, likes, replies, shares, thread_key)
    select '00000000-0000-4000-8000-000000000001', 'bluesky', 'post-1', id,
           'Kredo rewrote my score overnight. Terrible. Fix it.', 'en', now() - interval '2 hours', 3, 1, 0, 'post-1'
    from authors;
  insert into analyses (post_id, version, sentiment, label, is_complaint, explanation)
    select id, 'afinn-cues-2', -0.7, 'negative', true,
      '{"negativeTerms":["terrible"],"positiveTerms":[],"complaintCues":["asks for a fix"],"tokens":9}'::jsonb
    from posts;
  insert into scores (post_id, version, priority, base, rank_key, explanation)
    select id, 'priority-2', 42.5, 42.5, 42.5, '{"version":"priority-2","priority":42.5,"factors":[],"summary":"as scored"}'::jsonb
    from posts;
  insert into complaints (brand_id, source, thread_key, lead_post_id, priority, scoring_version,
      base_priority, waiting_rate, waiting_since, rank_key, complaint_count, post_count,
      first_seen_at, last_activity_at)
    select brand_id, source, thread_key, id, 42.5, 'priority-2', 42.5, 8.333, posted_at, 42.5, 1, 1,
           posted_at, posted_at
    from posts;`

/** Runs the rescores a worker finds pending at start, and waits for `versionId`'s to finish. */
async function runPendingRescores(t: TestContext, versionId: number) {
  const events = new QueueEvents('rescore', {
    connection: createRedis(t.ctx.config.redis, 'worker'),
    prefix: t.ctx.config.queuePrefix,
  })
  await events.waitUntilReady()
  const workers = await startWorkers(t.ctx)
  try {
    const job = await Job.fromId(
      t.ctx.queues.rescore,
      rescoreJobId(t.ctx.database.tag, versionId, 0),
    )
    await job!.waitUntilFinished(events, 20_000)
  } finally {
    await workers.close()
    await events.close()
  }
}

describe('upgrading an install to reach percentiles (migration 0006)', () => {
  it('publishes priority-3 with its changelog, in effect, and its rescore adds rows beside priority-2’s', async () => {
    const overrides = await installBefore0006('standard', SCORED_UNDER_PRIORITY_2)
    const t = await createTestContext({ ...overrides, REACH_REFRESH_MS: '0' })
    opened.push(t)

    const versions = await t.ctx.db.select().from(scoringVersions).orderBy(scoringVersions.number)
    expect(versions.map((v) => [v.key, v.status, v.rescoreState])).toEqual([
      ['priority-1', 'published', 'done'],
      ['priority-2', 'published', 'done'],
      ['priority-3', 'published', 'pending'],
    ])
    const v3 = versions[2]!
    expect(ScoringConfigSchema.parse(v3.config)).toEqual(PRIORITY_3_CONFIG)
    expect(v3.changelog).toMatch(/percentile/)
    expect(v3.changelog).toMatch(/earlier versions are kept/)
    expect((await currentScoringVersion(t.ctx.db)).key).toBe('priority-3')
    // Stored rows of the old version are as they were.
    const before = await t.ctx.db.select().from(scores)
    expect(before.map((s) => [s.version, s.priority])).toEqual([['priority-2', 42.5]])

    await runPendingRescores(t, v3.id)
    const after = await t.ctx.db.select().from(scores).orderBy(asc(scores.version))
    expect(after.filter((s) => s.version === 'priority-2')).toEqual(before)
    const added = after.filter((s) => s.version === 'priority-3')
    expect(added).toHaveLength(1)
    const reach = ScoreExplanationSchema.parse(added[0]!.explanation).factors.find(
      (f) => f.key === 'reach',
    )!
    // The rescore ranked the author on their network first (alone there: the middle).
    expect(reach).toMatchObject({
      input: 0.5,
      note: '50th percentile on Bluesky (followers 12,400)',
    })
    const [complaint] = await t.ctx.db.select().from(complaints)
    // Stored before 0015 carried followers: its backfill gave the complaint its lead author's.
    expect(complaint).toMatchObject({
      scoringVersion: 'priority-3',
      leadPostId: added[0]!.postId,
      leadFollowers: 12_400,
    })

    // Migrating again (a renumbered migration run twice) adds nothing.
    const again = await t.ctx.db.execute(
      sql`select count(*)::int as n from scoring_versions where config ->> 'reachMeasure' = 'percentile'`,
    )
    expect((again as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(1)
  })

  it('an install that published its own version 3 keeps it; percentiles come as version 4, built on it', async () => {
    const own = { ...PRIORITY_2_CONFIG, weights: { ...PRIORITY_2_CONFIG.weights, pick: 10 } }
    delete (own as { reachMeasure?: string }).reachMeasure
    const overrides = await installBefore0006(
      'custom',
      `insert into scoring_versions (number, key, status, config, changelog, effective_at, published_at, rescore_state)
       values (3, 'priority-3', 'published', '${JSON.stringify(own).replaceAll("'", "''")}'::jsonb,
               'A pick counts for ten points.', now(), now(), 'done');`,
    )
    const t = await createTestContext(overrides)
    opened.push(t)
    const versions = await t.ctx.db.select().from(scoringVersions).orderBy(scoringVersions.number)
    expect(versions.map((v) => v.key)).toEqual([
      'priority-1',
      'priority-2',
      'priority-3',
      'priority-4',
    ])
    expect(versions[2]!.config).toEqual(own)
    expect(ScoringConfigSchema.parse(versions[3]!.config)).toEqual({
      ...own,
      reachMeasure: 'percentile',
    })
    expect((await currentScoringVersion(t.ctx.db)).key).toBe('priority-4')
  })
})
