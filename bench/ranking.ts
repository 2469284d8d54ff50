import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Job, QueueEvents } from 'bullmq'
import { inArray } from 'drizzle-orm'
import pg from 'pg'
import { z } from 'zod'
import { hashPassword } from '../server/auth/passwords.js'
import { openContext } from '../server/bootstrap.js'
import { ConfigError, loadConfig } from '../server/config.js'
import { ensureBrand } from '../server/db/repositories/brands.js'
import { scoringVersions, users } from '../server/db/schema.js'
import { publishScoringVersion } from '../server/domain/scoring/publish-version.js'
import { rescoreJobId } from '../server/domain/scoring/enqueue-rescore.js'
import { saveScoringDraft } from '../server/domain/scoring/save-draft.js'
import { createApp } from '../server/http/app.js'
import { flagProblems, parseArgv } from '../server/lib/flags.js'
import { createLogger } from '../server/lib/logger.js'
import { createRedis, deleteKeysWithPrefix } from '../server/queue/redis.js'
import { PRIORITY_3_CONFIG } from '../shared/scoring/defaults.js'
import { refreshReach } from '../server/domain/reach/refresh-reach.js'
import { RESCORE_BATCH } from '../workers/processors/rescore.js'
import { startWorkers } from '../workers/main.js'
import { seedComplaints, startArrivals } from './seed-complaints.js'
import { BENCH_PG, dropDatabase } from './support.js'

const Flags = z.object({
  complaints: z.coerce.number().int().positive().default(1_000_000),
  /** queue: pages fetched, and complaints arriving per second meanwhile. */
  pages: z.coerce.number().int().positive().default(500),
  rate: z.coerce.number().min(0).default(200),
  /** queue: rows per page, as the console's snapshot asks. */
  limit: z.coerce.number().int().min(1).max(500).default(200),
})
type Flags = z.infer<typeof Flags>

export function readFlags(argv: string[]): Flags {
  const { values } = parseArgv({
    args: argv,
    options: {
      complaints: { type: 'string' },
      pages: { type: 'string' },
      rate: { type: 'string' },
      limit: { type: 'string' },
    },
  })
  const parsed = Flags.safeParse(values)
  if (!parsed.success) throw new ConfigError(flagProblems(parsed.error))
  return parsed.data
}

/** The PostgreSQL server of DATABASE_URL (or the machine's), where a scratch database is made. */
function serverUrl(): string {
  if (!process.env.DATABASE_URL) return BENCH_PG
  const url = new URL(process.env.DATABASE_URL)
  url.pathname = ''
  return url.toString().replace(/\/$/, '')
}

/** A migrated scratch database with `count` stored complaints, and Firebreak opened on it. */
export async function openSeeded(name: string, count: number) {
  const server = serverUrl()
  const database = `fb_bench_${name}_${Date.now().toString(36)}`
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: `${server}/${database}`,
    QUEUE_PREFIX: `fbbench-${crypto.randomBytes(4).toString('hex')}`,
    DEMO: 'off',
    REACH_REFRESH_MS: '0',
  })
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', {
    format: 'json',
    destination: process.stderr,
  })
  const opened = await openContext(config, logger)
  const brand = await ensureBrand(opened.ctx.db, {
    slug: 'bench',
    name: 'Bench',
    trackedTerms: [],
    excludedTerms: [],
  })
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 })
  const seedStart = performance.now()
  await seedComplaints(pool, { brandId: brand.id, from: 10, count })
  // The seeded rows stand for a store ranked before this run: the migration-seeded rescores
  // (priority-2, priority-3) are not what is measured.
  await opened.ctx.db
    .update(scoringVersions)
    .set({ rescoreState: 'done' })
    .where(inArray(scoringVersions.key, ['priority-2', 'priority-3']))
  await pool.query('vacuum analyze')
  process.stderr.write(
    `seeded ${count} complaints in ${Math.round((performance.now() - seedStart) / 1000)} s\n`,
  )
  // Every author's reach, as the scheduled refresh keeps it (timed: it is a job of its own).
  const reachStart = performance.now()
  const reachChanged = await refreshReach(opened.ctx.db)
  const reachSeconds = Math.round((performance.now() - reachStart) / 100) / 10
  process.stderr.write(`reach of ${reachChanged} authors refreshed in ${reachSeconds} s\n`)
  await pool.query('vacuum analyze authors')
  return {
    ...opened,
    reachSeconds,
    brand,
    pool,
    async cleanup() {
      await pool.end()
      await deleteKeysWithPrefix(opened.ctx.redis, config.queuePrefix)
      await opened.close()
      await dropDatabase(server, database)
    },
  }
}

export async function makeUser(
  db: Awaited<ReturnType<typeof openSeeded>>['ctx']['db'],
  role: string,
) {
  const password = crypto.randomBytes(12).toString('base64url')
  const email = `bench-${crypto.randomBytes(4).toString('hex')}@bench.example`
  const [user] = await db
    .insert(users)
    .values({ email, name: 'Bench', role, passwordHash: await hashPassword(password) })
    .returning()
  return { user: user!, email, password }
}

/**
 * `rescore --complaints N`: N stored complaints, a new version published, and the real rescore
 * job (BullMQ worker, keyset batches, rows added, complaints moved, progress persisted and
 * pushed) timed from publish to completion.
 */
export async function runRescoreBench(argv: string[]) {
  const flags = readFlags(argv)
  const seeded = await openSeeded('rescore', flags.complaints)
  const { ctx } = seeded
  try {
    const adviser = await makeUser(ctx.db, 'adviser')
    const draft = await saveScoringDraft(ctx, {
      config: { ...PRIORITY_3_CONFIG, weights: { ...PRIORITY_3_CONFIG.weights, escalation: 30 } },
      actorId: adviser.user.id,
      ip: null,
    })
    const workers = await startWorkers(ctx)
    const events = new QueueEvents('rescore', {
      connection: createRedis(ctx.config.redis, 'worker'),
      prefix: ctx.config.queuePrefix,
    })
    await events.waitUntilReady()
    const started = performance.now()
    await publishScoringVersion(ctx, {
      versionId: draft.id,
      changelog: 'Bench: escalation cues weigh twice as much.',
      actorId: adviser.user.id,
      ip: null,
    })
    const job = await Job.fromId(ctx.queues.rescore, rescoreJobId(ctx.database.tag, draft.id, 0))
    if (!job) throw new Error('the rescore job was not enqueued')
    const added = (await job.waitUntilFinished(events, 3_600_000)) as number
    const seconds = (performance.now() - started) / 1000
    await events.close()
    await workers.close()
    return {
      bench: 'rescore',
      complaints: flags.complaints,
      score_rows_added: added,
      seconds: Math.round(seconds * 10) / 10,
      batch: RESCORE_BATCH,
      reach_refresh_s: seeded.reachSeconds,
      complaints_per_s: Math.round(flags.complaints / seconds),
    }
  } finally {
    await seeded.cleanup()
  }
}

/**
 * `queue --complaints N`: N stored complaints; the console's ranked page (open complaints,
 * highest priority now first, `limit` rows with lead post, author, analysis and explanation)
 * fetched over HTTP `pages` times while `rate` complaints a second keep arriving.
 */
export async function runQueueBench(argv: string[]) {
  const flags = readFlags(argv)
  const seeded = await openSeeded('queue', flags.complaints)
  const { ctx, brand, pool } = seeded
  const server = http.createServer(createApp(ctx))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const viewer = await makeUser(ctx.db, 'viewer')
    const signIn = await fetch(`${url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: viewer.email, password: viewer.password }),
    })
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!

    const arrivals = startArrivals(pool, {
      brandId: brand.id,
      from: flags.complaints + 10,
      rate: flags.rate,
    })

    const page = `${url}/api/brands/${brand.id}/complaints?state=new,open&limit=${flags.limit}`
    const timings: number[] = []
    for (let i = 0; i < flags.pages + 20; i++) {
      const start = performance.now()
      const res = await fetch(page, { headers: { cookie } })
      const body = (await res.json()) as { data: unknown[] }
      if (res.status !== 200 || body.data.length !== flags.limit)
        throw new Error(`page ${i}: ${res.status}, ${body.data?.length} rows`)
      // The first pages warm caches and connections; they are not counted.
      if (i >= 20) timings.push(performance.now() - start)
    }
    const arrived = await arrivals.stop()
    timings.sort((a, b) => a - b)
    const pct = (p: number) =>
      Math.round(timings[Math.min(timings.length - 1, Math.floor(p * timings.length))]! * 10) / 10
    return {
      bench: 'queue',
      complaints: flags.complaints,
      pages: flags.pages,
      rows_per_page: flags.limit,
      arrived_meanwhile: arrived,
      p50_ms: pct(0.5),
      p99_ms: pct(0.99),
    }
  } finally {
    await new Promise((resolve) => server.close(resolve))
    await seeded.cleanup()
  }
}
