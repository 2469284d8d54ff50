import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { z } from 'zod'
import { openContext } from '../server/bootstrap.js'
import { ConfigError, loadConfig } from '../server/config.js'
import { ensureBrand } from '../server/db/repositories/brands.js'
import { ingestPosts } from '../server/domain/ingest/ingest-posts.js'
import { createApp } from '../server/http/app.js'
import { flagProblems, parseArgv } from '../server/lib/flags.js'
import { createLogger } from '../server/lib/logger.js'
import { closeRedis, deleteKeysWithPrefix, subscriberOf } from '../server/queue/redis.js'
import { attachSocketServer } from '../server/realtime/socket-server.js'
import { startWorkers } from '../workers/main.js'
import { makeUser } from './ranking.js'
import {
  backfillRollups,
  seedTrendPosts,
  setRollupTriggers,
  withIndexesRebuilt,
} from './seed-trends.js'
import { BENCH_PG, dropDatabase, measure, startConsoleClients } from './support.js'

const Flags = z.object({
  posts: z.coerce.number().int().positive().default(1_000_000),
  days: z.coerce.number().int().min(31).max(700).default(90),
  /** Timed requests of each kind (after five warm-up rounds). */
  samples: z.coerce.number().int().positive().default(100),
  /** Posts pushed through the real pipeline with rollups on, then off (0: skip). */
  pipeline: z.coerce.number().int().min(0).default(5000),
  /** Leave the scratch database behind (for EXPLAIN), naming it on stderr. */
  keep: z.boolean().default(false),
  /** Time the dashboard reads only (no whole-store export, no pipeline run). */
  readsOnly: z.boolean().default(false),
  /**
   * Reuse a database an earlier `--keep` run left (its store already seeded): pending
   * migrations upgrade it, as they would a production store, and nothing is seeded. Implies
   * `--keep`.
   */
  database: z
    .string()
    .regex(/^fb_bench_trends_[a-z0-9]+$/, 'a database named by an earlier --keep run')
    .optional(),
})

function readFlags(argv: string[]) {
  const { values } = parseArgv({
    args: argv,
    options: {
      posts: { type: 'string' },
      days: { type: 'string' },
      samples: { type: 'string' },
      pipeline: { type: 'string' },
      keep: { type: 'boolean' },
      'reads-only': { type: 'boolean' },
      database: { type: 'string' },
    },
  })
  const { 'reads-only': readsOnly, ...rest } = values
  const parsed = Flags.safeParse({ ...rest, readsOnly })
  if (!parsed.success) throw new ConfigError(flagProblems(parsed.error))
  return parsed.data
}

const round = (n: number) => Math.round(n * 10) / 10
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!)
}
const seconds = (since: number) => round((performance.now() - since) / 1000)

/**
 * `trends --posts N`: N analysed posts of one brand over `days` stored (rollups backfilled
 * once from them, as the triggers would have written them); then each dashboard read over
 * HTTP `samples` times (p50/p99), a whole-store complaints export with the process's peak RSS,
 * and posts/s through the real pipeline with the rollup triggers on and off, in that order.
 */
export async function runTrendsBench(argv: string[]) {
  const flags = readFlags(argv)
  const database = flags.database ?? `fb_bench_trends_${Date.now().toString(36)}`
  const keep = flags.keep || flags.database !== undefined
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: `${BENCH_PG}/${database}`,
    QUEUE_PREFIX: `fbbench-${crypto.randomBytes(4).toString('hex')}`,
    DEMO: 'off',
    REACH_REFRESH_MS: '0',
  })
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', {
    format: 'json',
    destination: process.stderr,
  })
  const opened = await openContext(config, logger)
  const { ctx } = opened
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 })
  const server = http.createServer(createApp(ctx))
  const sub = subscriberOf(opened.adapterRedis)
  const io = attachSocketServer(server, ctx, { pub: opened.adapterRedis, sub })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const log = (line: string) => process.stderr.write(`${line}\n`)
  try {
    const brand = await ensureBrand(ctx.db, {
      slug: 'bench',
      name: 'Bench',
      trackedTerms: [],
      excludedTerms: [],
    })
    const viewer = await makeUser(ctx.db, 'viewer')
    const seeded = performance.now()
    const triggers = await setRollupTriggers(pool, false)
    if (!flags.database) {
      await withIndexesRebuilt(pool, ['posts', 'analyses', 'complaints', 'post_themes'], () =>
        seedTrendPosts(pool, { ...flags, brandId: brand.id, ownerId: viewer.user.id }),
      )
    }
    const seedSeconds = seconds(seeded)
    log(flags.database ? `reusing ${database}` : `seeded ${flags.posts} posts in ${seedSeconds} s`)
    const backfilled = performance.now()
    if (!flags.database) await backfillRollups(pool, brand.id)
    await setRollupTriggers(pool, true)
    const backfillSeconds = seconds(backfilled)
    if (!flags.database) log(`rollups backfilled in ${backfillSeconds} s`)
    await pool.query('vacuum analyze')

    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const signIn = await fetch(`${url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: viewer.email, password: viewer.password }),
    })
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!
    const base = `${url}/api/brands/${brand.id}`
    const reads = await timeReads(base, cookie, flags.samples)
    log(`reads timed: ${JSON.stringify(reads)}`)
    const exported = flags.readsOnly ? null : await timeWholeExport(base, cookie, flags.days)
    if (exported) log(`export: ${JSON.stringify(exported)}`)
    const pipeline =
      flags.pipeline && !flags.readsOnly ? await pipelineCost(ctx, url, pool, flags.pipeline) : null
    const all = Object.values(reads)
    return {
      bench: 'trends',
      posts: Number((await pool.query('select count(*) as n from posts')).rows[0].n),
      reused: flags.database ?? null,
      days: flags.days,
      seed_s: seedSeconds,
      seed_posts_per_s: Math.round(flags.posts / seedSeconds),
      backfill_s: backfillSeconds,
      rollup_triggers: triggers,
      samples: flags.samples,
      worst_p99_ms: Math.max(...all.map((r) => r.p99_ms)),
      requests: reads,
      export: exported,
      pipeline,
    }
  } finally {
    await new Promise<void>((resolve) => io.close(() => resolve()))
    await closeRedis(sub)
    await pool.end()
    await deleteKeysWithPrefix(ctx.redis, config.queuePrefix)
    await opened.close()
    if (keep) log(`kept database ${database}`)
    else await dropDatabase(BENCH_PG, database)
  }
}

/**
 * Each dashboard read, in turn, `samples` times after five warm-up rounds; then each export's
 * first byte the same way. The exports go last and apart: a cancelled export's first page query
 * runs on in the server for a while, and would otherwise weigh on the read timed after it.
 */
async function timeReads(base: string, cookie: string, samples: number) {
  const reads: Record<string, string> = {}
  for (const range of ['24h', '7d', '30d']) {
    reads[`trends_${range}`] = `${base}/trends?range=${range}&compare=true`
    reads[`kpis_${range}`] = `${base}/dashboard/kpis?range=${range}&compare=true`
    reads[`complainers_${range}`] = `${base}/dashboard/complainers?range=${range}`
  }
  reads.themes_7d = `${base}/themes?range=7d`
  const exports = {
    rollups_csv_first_byte: `${base}/exports/rollups.csv?range=30d&grain=hour&dimension=network`,
    complaints_csv_first_byte: `${base}/exports/complaints.csv?range=30d`,
  }
  return {
    ...(await timeRequests(reads, cookie, samples, false)),
    ...(await timeRequests(exports, cookie, samples, true)),
  }
}

/** p50/p99 of each request, asked in turn `samples` times after five warm-up rounds. */
async function timeRequests(
  requests: Record<string, string>,
  cookie: string,
  samples: number,
  firstByte: boolean,
) {
  const timings = new Map<string, number[]>(Object.keys(requests).map((k) => [k, []]))
  for (let i = 0; i < samples + 5; i++) {
    for (const [kind, address] of Object.entries(requests)) {
      const start = performance.now()
      const res = await fetch(address, { headers: { cookie } })
      if (res.status === 404 && kind === 'themes_7d') {
        timings.delete(kind)
        delete requests[kind]
        continue
      }
      if (res.status !== 200) throw new Error(`${kind}: ${res.status} ${await res.text()}`)
      if (firstByte) {
        const reader = res.body!.getReader()
        await reader.read()
        if (i >= 5) timings.get(kind)!.push(performance.now() - start)
        await reader.cancel()
        continue
      }
      await res.arrayBuffer()
      if (i >= 5) timings.get(kind)!.push(performance.now() - start)
    }
  }
  return Object.fromEntries(
    [...timings].map(([kind, values]) => [
      kind,
      { p50_ms: pct(values, 0.5), p99_ms: pct(values, 0.99) },
    ]),
  )
}

/** Every complaint of the store as CSV, read as it streams: rows, bytes, time, peak RSS growth. */
async function timeWholeExport(base: string, cookie: string, days: number) {
  const to = new Date()
  const from = new Date(to.getTime() - days * 86_400_000 - 3_600_000)
  const address = `${base}/exports/complaints.csv?range=custom&from=${from.toISOString()}&to=${to.toISOString()}`
  global.gc?.()
  const rssBefore = process.memoryUsage().rss
  let peak = rssBefore
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const start = performance.now()
  const res = await fetch(address, { headers: { cookie } })
  if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`)
  let bytes = 0
  let lines = 0
  for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length
    for (const byte of chunk) if (byte === 10) lines++
  }
  clearInterval(timer)
  return {
    complaints_csv_lines: lines,
    mb: round(bytes / 1024 / 1024),
    seconds: seconds(start),
    rss_before_mb: Math.round(rssBefore / 1024 / 1024),
    rss_peak_growth_mb: Math.round((peak - rssBefore) / 1024 / 1024),
  }
}

/**
 * The cost of keeping rollups current: the same synthetic posts through the real pipeline
 * (ingest → queue → analyze/score/persist → socket.io client), after a warm-up, for a brand of
 * their own with the rollup triggers on, then for another with them off (the store stays).
 */
async function pipelineCost(
  ctx: Parameters<typeof startWorkers>[0],
  url: string,
  pool: pg.Pool,
  posts: number,
) {
  const workers = await startWorkers(ctx)
  const viewer = await makeUser(ctx.db, 'viewer')
  const signIn = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: viewer.email, password: viewer.password }),
  })
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!
  const run = async (slug: string, count = posts) => {
    const brand = await ensureBrand(ctx.db, {
      slug,
      name: slug,
      trackedTerms: [],
      excludedTerms: [],
    })
    return measure(
      { posts: count, rate: 0, batch: 100, compare: false, clients: 1 },
      (offered) => startConsoleClients(url, brand.id, cookie, count, 1, offered),
      (batch) => ingestPosts(ctx, { brandId: brand.id, channel: 'import', posts: batch }),
    )
  }
  try {
    // Unreported: creates the synthetic authors and warms the workers, so neither run pays it.
    await run('pipeline-warm-up', Math.ceil(posts / 5))
    const on = await run('pipeline-rollups-on')
    process.stderr.write(`pipeline with rollups: ${JSON.stringify(on)}\n`)
    await setRollupTriggers(pool, false)
    const off = await run('pipeline-rollups-off')
    await setRollupTriggers(pool, true)
    return {
      posts,
      rollups_on: on,
      rollups_off: off,
      on_vs_off: Math.round((on.posts_per_s / off.posts_per_s) * 100) / 100,
    }
  } finally {
    await workers.close()
  }
}
