import { fork, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { openContext } from '../server/bootstrap.js'
import { ConfigError, loadConfig } from '../server/config.js'
import { ensureBrand } from '../server/db/repositories/brands.js'
import { getSource } from '../server/db/repositories/sources.js'
import { queryRows } from '../server/db/rows.js'
import { sources } from '../server/db/schema.js'
import { upsertSource } from '../server/domain/sources/sources.js'
import { flagProblems, parseArgv } from '../server/lib/flags.js'
import { createLogger } from '../server/lib/logger.js'
import { deleteKeysWithPrefix } from '../server/queue/redis.js'
import { startWorkers } from '../workers/main.js'
import { BENCH_PG, dropDatabase } from './support.js'

const Flags = z.object({
  'events-per-s': z.coerce.number().positive().default(2000),
  /** The share of posts about the brand. */
  match: z.coerce.number().gt(0).max(1).default(0.01),
  seconds: z.coerce.number().positive().default(60),
})

type EmitterMessage =
  | { type: 'ready'; url: string }
  | { type: 'stopped'; sent: number; matched: number; lastTimeUs: number; maxBuffered: number }

/** Resolves with the emitter's next message of this type. */
const next = <T extends EmitterMessage['type']>(child: ChildProcess, type: T) =>
  new Promise<Extract<EmitterMessage, { type: T }>>((resolve, reject) => {
    child.on('message', (m: EmitterMessage) => m.type === type && resolve(m as never))
    child.on('exit', (code) => reject(new Error(`emitter exited with ${code}`)))
  })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const round = (n: number) => Math.round(n * 100) / 100

/**
 * `jetstream [--events-per-s N] [--match F] [--seconds S]`: a Jetstream-shaped firehose from a
 * local server (another process) into the real worker (stream runner, brand rules, ingest,
 * and the analyze pipeline for the matches), for `seconds`. Lag is from an event's time_us to
 * its post's ingest transaction (posts.ingested_at); CPU is this process's (reader, ingest,
 * analysis), not PostgreSQL's or Redis's.
 */
export async function runJetstreamBench(argv: string[]) {
  const { values } = parseArgv({
    args: argv,
    options: {
      'events-per-s': { type: 'string' },
      match: { type: 'string' },
      seconds: { type: 'string' },
    },
  })
  const parsed = Flags.safeParse(values)
  if (!parsed.success) throw new ConfigError(flagProblems(parsed.error))
  const flags = parsed.data
  const rate = flags['events-per-s']

  const database = `fb_bench_jet_${Date.now().toString(36)}`
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: `${BENCH_PG}/${database}`,
    QUEUE_PREFIX: `fbbench-${crypto.randomBytes(4).toString('hex')}`,
    DEMO: 'off',
    SSRF_ALLOWLIST: '127.0.0.1',
  })
  const logger = createLogger('warn', { format: 'json', destination: process.stderr })
  const opened = await openContext(config, logger)
  const { ctx } = opened
  const emitter = fork(
    fileURLToPath(new URL('./jetstream-emitter.ts', import.meta.url)),
    [String(rate), String(flags.match)],
    { execArgv: ['--import', 'tsx'] },
  )
  try {
    const { url } = await next(emitter, 'ready')
    const brand = await ensureBrand(ctx.db, {
      slug: 'bench-jetstream',
      name: 'Kredo',
      trackedTerms: ['kredo'],
      excludedTerms: [],
    })
    const source = await upsertSource(ctx.db, {
      id: 'bench-jetstream',
      brandId: brand.id,
      kind: 'bluesky-jetstream',
      name: 'Bench firehose',
      // Synthetic authors have no profiles to read: reach stays unknown, as with the AppView away.
      config: { url, appViewUrl: null },
    })
    // Live tail: the synthetic firehose has no past to replay.
    await ctx.db
      .update(sources)
      .set({ cursor: { timeUs: Date.now() * 1000 } })
      .where(eq(sources.id, source.id))

    const cpu0 = process.cpuUsage()
    const started = Date.now()
    const workers = await startWorkers(ctx)
    await sleep(flags.seconds * 1000)
    const stopped = next(emitter, 'stopped')
    emitter.send({ type: 'stop' })
    const emitted = await stopped
    const stoppedAt = Date.now()
    // Caught up when the stored cursor covers the last event sent.
    let cursorUs = 0
    while (Date.now() - stoppedAt < 60_000) {
      const row = await getSource(ctx.db, source.id)
      cursorUs = (row.cursor as { timeUs?: number } | null)?.timeUs ?? 0
      if (cursorUs >= emitted.lastTimeUs) break
      await sleep(50)
    }
    const caughtUpAt = Date.now()
    const cpu = process.cpuUsage(cpu0)
    // The matches' analyses, which ran alongside.
    let analysed = 0
    while (Date.now() - caughtUpAt < 30_000) {
      const [row] = await queryRows<{ n: string }>(
        ctx.db,
        sql`select count(*) as n from analyses a join posts p on p.id = a.post_id
            where p.source_id = ${source.id}`,
      )
      analysed = Number(row!.n)
      if (analysed >= emitted.matched) break
      await sleep(200)
    }
    await workers.close()

    const rows = await queryRows<{ external_id: string; ingested_ms: string }>(
      ctx.db,
      sql`select external_id, (extract(epoch from ingested_at) * 1000)::text as ingested_ms
          from posts where source_id = ${source.id}`,
    )
    const lags = rows
      .map((r) => Number(r.ingested_ms) - Number(r.external_id.split('/t').at(-1)) / 1000)
      .sort((a, b) => a - b)
    const pct = (p: number) => round(lags[Math.min(lags.length - 1, Math.floor(p * lags.length))]!)
    const keptSeconds = (caughtUpAt - started) / 1000
    return {
      bench: 'jetstream',
      events_per_s_offered: rate,
      match: flags.match,
      seconds: flags.seconds,
      events_sent: emitted.sent,
      events_per_s_kept: Math.round(emitted.sent / keptSeconds),
      caught_up: cursorUs >= emitted.lastTimeUs,
      catch_up_ms_after_stop: caughtUpAt - stoppedAt,
      posts_matched: emitted.matched,
      posts_stored: rows.length,
      posts_analysed: analysed,
      lag_p50_ms: pct(0.5),
      lag_p99_ms: pct(0.99),
      lag_max_ms: round(lags.at(-1) ?? 0),
      cpu_ms_per_event: round((cpu.user + cpu.system) / 1000 / emitted.sent),
      emitter_max_buffered_bytes: emitted.maxBuffered,
      driver: ctx.driver,
    }
  } finally {
    emitter.kill()
    await deleteKeysWithPrefix(ctx.redis, config.queuePrefix)
    await opened.close()
    await dropDatabase(BENCH_PG, database)
  }
}
