import { fork } from 'node:child_process'
import crypto from 'node:crypto'
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import pg from 'pg'
import { z } from 'zod'
import { hashPassword } from '../server/auth/passwords.js'
import { signWebhook } from '../server/auth/webhook-signature.js'
import { ConfigError } from '../server/config.js'
import { flagProblems, parseArgv } from '../server/lib/flags.js'
import { startPostgresServer } from '../test/support/postgres-server.js'
import { ENTRY, freePort, startRedis, startRole, type Started } from './roles.js'
import { syntheticPost } from './support.js'

const Flags = z.object({
  minutes: z.coerce.number().int().min(2).default(30),
  /** Posts per second, each a signed webhook delivery to the API process. */
  rate: z.coerce.number().positive().max(2000).default(100),
  /** Minutes left out of the slopes: caches, JIT and pools fill first. */
  warmup: z.coerce.number().int().min(0).optional(),
  /** Writes a V8 CPU profile of each process (--cpu-prof) next to its log. */
  profile: z.boolean().default(false),
  /**
   * Writes a V8 heap snapshot of each process next to its log at the end of warm-up and
   * again after the last minute (--heapsnapshot-signal, SIGUSR2), to compare what grew.
   * Each snapshot stops its process for seconds (the minute after warm-up's figures suffer)
   * and leaves its RSS hundreds of MB higher: such a run's RSS slopes mean nothing.
   */
  heapSnapshots: z.boolean().default(false),
  /**
   * Share of the deliveries that are malformed (signed, but bad JSON, a wrong field or an
   * unknown type, in turn): each must be set aside (400, kept as a rejection) while the good
   * posts keep their pace. The rate counts both.
   */
  malformed: z.coerce.number().min(0).max(0.9).default(0),
})

/**
 * `soak --minutes M --rate R`: Firebreak as deployed, the roles split (one API process, one
 * worker process, both `dist/` in production mode, on PostgreSQL and a Redis of the bench's
 * own), fed R signed webhook deliveries a second while a signed-in console client listens.
 * Prints a JSON line a minute (each process's RSS, heap and event-loop delay p99, the minute's
 * ingest → console latency, Redis memory, PostgreSQL table and index sizes, posts stored) and
 * returns the summary: the slopes after warm-up, which must stay flat.
 */
export async function runSoakBench(argv: string[]) {
  const { values } = parseArgv({
    args: argv,
    options: {
      minutes: { type: 'string' },
      rate: { type: 'string' },
      warmup: { type: 'string' },
      profile: { type: 'boolean' },
      'heap-snapshots': { type: 'boolean' },
      malformed: { type: 'string' },
    },
  })
  const parsed = Flags.safeParse({ ...values, heapSnapshots: values['heap-snapshots'] })
  if (!parsed.success) throw new ConfigError(flagProblems(parsed.error))
  const flags = parsed.data
  const warmup = flags.warmup ?? Math.min(5, Math.floor(flags.minutes / 3))
  if (!fs.existsSync(ENTRY)) throw new ConfigError('no build to soak: run `npm run build` first')

  // A PostgreSQL and a Redis of the bench's own, as a deployment has them: their sizes are
  // Firebreak's alone, and PostgreSQL runs with its defaults (autovacuum on; the machine's
  // shared server may have it off, and dead rows would pile up as no deployment lets them).
  const postgres = await startPostgresServer()
  const redis = await startRedis()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DEMO: 'off',
    DATABASE_URL: `${postgres.url}/firebreak`,
    REDIS_URL: redis.url,
    SECRETS_KEY: crypto.randomBytes(32).toString('base64'),
    PUBLIC_URL: url,
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
  }
  const processes: Started[] = []
  // --trace-gc always: its full collections give the heap V8 keeps (live_heap_mb), which says
  // whether memory is held; heap_mb (used, garbage included) swings by 100 MB between them.
  const diagnostics = {
    profile: flags.profile,
    heapSnapshots: flags.heapSnapshots,
    traceGc: true,
  }
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fb-soak-'))
  process.stderr.write(`soak: the processes' logs are in ${logDir}\n`)
  // Their files (the first admin's setup link) go there too, not into the checkout.
  env.DATA_DIR = logDir
  try {
    // The API process creates and migrates the database; the worker starts after it.
    const api = await startRole(
      'api',
      { ...env, PORT: String(port), METRICS_PORT: '0' },
      logDir,
      diagnostics,
    )
    processes.push(api)
    const worker = await startRole(
      'worker',
      { ...env, PORT: '0', METRICS_PORT: '0' },
      logDir,
      diagnostics,
    )
    processes.push(worker)

    const db = new pg.Client({ connectionString: env.DATABASE_URL })
    db.on('error', () => {}) // the server is removed at the end, with this client in it
    await db.connect()
    const admin = await signIn(db, url, 'admin')
    const viewer = await signIn(db, url, 'viewer')
    const brand = await call(url, admin, 'POST', '/api/brands', {
      name: 'Soak',
      trackedTerms: ['kredo'],
    })
    const source = await call(url, admin, 'POST', `/api/brands/${brand.data.id}/sources/webhook`, {
      name: 'Soak feed',
    })
    const client = await startClient(url, brand.data.id, viewer.cookie)

    const sentAt = new Map<string, number>()
    const minuteLatencies: number[] = []
    const allLatencies: number[] = []
    let received = 0
    client.onReceipts((batch) => {
      for (const [id, at] of batch) {
        const sent = sentAt.get(id)
        if (sent === undefined) continue
        sentAt.delete(id)
        minuteLatencies.push(at - sent)
        allLatencies.push(at - sent)
        received++
      }
    })

    const sender = startSender(url, source.data.id, source.secret!, flags, sentAt)
    const minutes: Minute[] = []
    let jobsBefore = await scrapeText(worker.metricsPort).then(jobTotals)
    const startedAt = Date.now()
    for (let minute = 1; minute <= flags.minutes; minute++) {
      await sleepUntil(startedAt + minute * 60_000)
      const latencies = minuteLatencies.splice(0).sort((a, b) => a - b)
      const jobs = await scrapeText(worker.metricsPort).then(jobTotals)
      const ran = jobs.jobs - jobsBefore.jobs
      const jobFigures = {
        analyze_jobs: ran,
        analyze_job_mean_ms: ran ? round(((jobs.seconds - jobsBefore.seconds) * 1000) / ran) : null,
        posts_analyzed: jobs.posts - jobsBefore.posts,
      }
      jobsBefore = jobs
      const line: Minute = {
        minute,
        sent: sender.sent(),
        refused: sender.refused(),
        received,
        latency_p50_ms: percentile(latencies, 0.5),
        latency_p99_ms: percentile(latencies, 0.99),
        api: { ...(await scrape(api.metricsPort)), live_heap_mb: api.takeLiveHeapMb() },
        worker: { ...(await scrape(worker.metricsPort)), live_heap_mb: worker.takeLiveHeapMb() },
        ...jobFigures,
        ...(await redisFigures(redis.client)),
        ...(await postgresFigures(db)),
      }
      minutes.push(line)
      process.stdout.write(`${JSON.stringify({ bench: 'soak', ...line })}\n`)
      if (flags.heapSnapshots && (minute === warmup || minute === flags.minutes)) {
        await heapSnapshot(api, logDir)
        await heapSnapshot(worker, logDir)
      }
    }
    await sender.stop()
    // Events still on their way: wait for them, up to 30 s.
    const drainBy = Date.now() + 30_000
    while (sentAt.size && Date.now() < drainBy) await sleep(250)
    await client.stop()
    await db.end()
    return summarize(flags, warmup, minutes, allLatencies, {
      sent: sender.sent(),
      refused: sender.refused(),
      received,
      missed: sentAt.size,
      malformed_sent: sender.malformedSent(),
      malformed_set_aside: sender.malformedSetAside(),
    })
  } finally {
    for (const p of processes.reverse()) await p.stop()
    await redis.stop()
    await postgres.destroy()
  }
}

type ProcessFigures = {
  rss_mb: number
  heap_mb: number
  loop_p99_ms: number
  loop_max_ms: number
  /** After the minute's last full collection (--trace-gc); null when none ran in it. */
  live_heap_mb: number | null
}
/** Running totals of a worker's analyze jobs, from its /metrics. */
type JobTotals = { jobs: number; seconds: number; posts: number }
type Minute = {
  minute: number
  sent: number
  refused: number
  received: number
  latency_p50_ms: number | null
  latency_p99_ms: number | null
  api: ProcessFigures
  worker: ProcessFigures
  /** Analyze jobs run in the minute (those whose rows another job took included), mean time. */
  analyze_jobs: number
  analyze_job_mean_ms: number | null
  posts_analyzed: number
  redis_used_mb: number
  redis_keys: number
  pg_table_mb: number
  pg_index_mb: number
  posts: number
}

function summarize(
  flags: z.infer<typeof Flags>,
  warmup: number,
  minutes: Minute[],
  latencies: number[],
  counts: {
    sent: number
    refused: number
    received: number
    missed: number
    malformed_sent: number
    malformed_set_aside: number
  },
) {
  const steady = minutes.filter((m) => m.minute > warmup)
  const slope = (pick: (m: Minute) => number | null) =>
    round(
      leastSquaresSlope(
        steady.flatMap((m) => {
          const y = pick(m)
          return y === null ? [] : [[m.minute, y] as const]
        }),
      ),
      3,
    )
  const third = Math.max(1, Math.floor(steady.length / 3))
  const p99Of = (ms: Minute[]) => median(ms.map((m) => m.latency_p99_ms ?? 0))
  const processSummary = (pick: (m: Minute) => ProcessFigures) => ({
    rss_slope_mb_per_min: slope((m) => pick(m).rss_mb),
    rss_mb_last: pick(minutes.at(-1)!).rss_mb,
    heap_slope_mb_per_min: slope((m) => pick(m).heap_mb),
    // What a leak would raise: heap_mb and RSS, sampled once a minute on the collector's
    // sawtooth, can slope by ±1 MB/min over 25 minutes with nothing kept.
    live_heap_slope_mb_per_min: slope((m) => pick(m).live_heap_mb),
    live_heap_mb_last: minutes.map((m) => pick(m).live_heap_mb).findLast((v) => v !== null) ?? null,
    loop_p99_ms_max: Math.max(...steady.map((m) => pick(m).loop_p99_ms)),
    loop_p99_ms_median: median(steady.map((m) => pick(m).loop_p99_ms)),
  })
  const last = minutes.at(-1)!
  const first = steady[0] ?? minutes[0]!
  const postsAdded = Math.max(1, last.posts - first.posts)
  const api = processSummary((m) => m.api)
  const worker = processSummary((m) => m.worker)
  const latency = {
    p50_ms: percentile(
      latencies.sort((a, b) => a - b),
      0.5,
    ),
    p99_ms: percentile(latencies, 0.99),
    p99_ms_first_third: p99Of(steady.slice(0, third)),
    p99_ms_last_third: p99Of(steady.slice(-third)),
    p99_slope_ms_per_min: slope((m) => m.latency_p99_ms ?? 0),
  }
  const growth = {
    redis_mb_per_min: slope((m) => m.redis_used_mb),
    redis_bytes_per_post: round(
      ((last.redis_used_mb - first.redis_used_mb) * 2 ** 20) / postsAdded,
    ),
    pg_bytes_per_post: round(
      ((last.pg_table_mb + last.pg_index_mb - first.pg_table_mb - first.pg_index_mb) * 2 ** 20) /
        postsAdded,
    ),
  }
  return {
    bench: 'soak',
    summary: true,
    minutes: flags.minutes,
    rate: flags.rate,
    malformed_share: flags.malformed,
    warmup_minutes: warmup,
    ...counts,
    posts_stored: last.posts,
    api,
    worker,
    latency,
    growth,
    targets: {
      rss_slope_below_0_5_mb_per_min:
        api.rss_slope_mb_per_min < 0.5 && worker.rss_slope_mb_per_min < 0.5,
      loop_p99_below_20_ms: api.loop_p99_ms_max < 20 && worker.loop_p99_ms_max < 20,
      latency_p99_not_growing: latency.p99_ms_last_third <= latency.p99_ms_first_third * 1.25 + 5,
      no_missed_events: counts.missed === 0 && counts.refused === 0,
      every_malformed_set_aside: counts.malformed_set_aside === counts.malformed_sent,
    },
  }
}

type Session = { cookie: string; csrf: string }

/** A user of `role` with a fresh password, signed in over HTTP as the console signs in. */
async function signIn(db: pg.Client, url: string, role: 'admin' | 'viewer'): Promise<Session> {
  const password = crypto.randomBytes(12).toString('base64url')
  const email = `soak-${role}@bench.example`
  await db.query('insert into users (email, name, role, password_hash) values ($1, $2, $3, $4)', [
    email,
    `Soak ${role}`,
    role,
    await hashPassword(password),
  ])
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password }),
  })
  if (!res.ok) throw new Error(`sign-in as ${role}: ${res.status} ${await res.text()}`)
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: csrfToken }
}

/** A JSON API call as the console makes it: the created row's id, and a webhook's secret. */
async function call(
  url: string,
  session: Session,
  method: string,
  route: string,
  body: unknown,
): Promise<{ data: { id: string }; secret?: string }> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      origin: url,
    },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`)
  return (await res.json()) as { data: { id: string }; secret?: string }
}

async function startClient(url: string, brandId: string, cookie: string) {
  const child = fork(
    fileURLToPath(new URL('./soak-client.ts', import.meta.url)),
    [url, brandId, cookie],
    {
      execArgv: ['--import', 'tsx'],
    },
  )
  type Message =
    | { type: 'ready' }
    | { type: 'error'; message: string }
    | { type: 'receipts'; received: Array<[string, number]> }
  let onBatch: (batch: Array<[string, number]>) => void = () => {}
  child.on('message', (m: Message) => m.type === 'receipts' && onBatch(m.received))
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: Message) => {
      if (m.type === 'ready') resolve()
      if (m.type === 'error') reject(new Error(`console client: ${m.message}`))
    })
    child.once('exit', (code) => reject(new Error(`console client exited with ${code}`)))
  })
  return {
    onReceipts(fn: typeof onBatch) {
      onBatch = fn
    },
    async stop() {
      const exited = once(child, 'exit')
      child.send({ type: 'stop' })
      await exited
    },
  }
}

/**
 * Deliveries a producer keeps in flight at most: past them it waits (and `sent` falls behind
 * the rate), as a real one would, rather than piling up requests without bound.
 */
const MAX_IN_FLIGHT = 256

/** Posts `rate` signed deliveries a second, one post each, as a producer would. */
function startSender(
  url: string,
  sourceId: string,
  secret: string,
  { rate, malformed }: { rate: number; malformed: number },
  sentAt: Map<string, number>,
) {
  const started = performance.now()
  let sent = 0
  let refused = 0
  let malformedSent = 0
  let malformedSetAside = 0
  let stopped = false
  const inFlight = new Set<Promise<void>>()
  const post = async (id: string, body: string) => {
    const timestamp = Math.floor(Date.now() / 1000)
    const res = await fetch(`${url}/api/ingest/webhook/${sourceId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(body, id, timestamp, secret),
      },
      body,
    }).catch(() => null)
    await res?.arrayBuffer()
    return res?.status
  }
  const deliver = async (i: number) => {
    // Delivery i is malformed when it carries the share past a whole number: evenly spread.
    if (Math.floor((i + 1) * malformed) > Math.floor(i * malformed)) {
      malformedSent++
      const bad = [
        '{"type":"mention.created","data":{"id":"x"', // cut short
        JSON.stringify({ type: 'mention.created', data: { id: `bad-${i}`, text: 42 } }),
        JSON.stringify({ type: 'mention.exploded', data: {} }),
      ][i % 3]!
      if ((await post(`msg_bad_${i}`, bad)) === 400) malformedSetAside++
      return
    }
    const good = syntheticPost(i)
    const body = JSON.stringify({
      type: 'mention.created',
      data: {
        id: good.externalId,
        source: good.network,
        created_at: new Date().toISOString(),
        author: {
          id: good.author.externalId,
          handle: good.author.handle,
          followers: good.author.followers,
        },
        text: good.text,
        lang: good.lang,
        engagement: good.engagement,
      },
    })
    sentAt.set(good.externalId, performance.timeOrigin + performance.now())
    if ((await post(`msg_${good.externalId}`, body)) !== 202) {
      refused++
      sentAt.delete(good.externalId)
    }
  }
  const loop = (async () => {
    while (!stopped) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate)
      while (sent < due && inFlight.size < MAX_IN_FLIGHT) {
        const p = deliver(sent++).finally(() => inFlight.delete(p))
        inFlight.add(p)
      }
      await sleep(10)
    }
  })()
  return {
    sent: () => sent - malformedSent,
    refused: () => refused,
    malformedSent: () => malformedSent,
    malformedSetAside: () => malformedSetAside,
    async stop() {
      stopped = true
      await loop
      await Promise.all(inFlight)
    },
  }
}

/**
 * Has `role` write a heap snapshot into logDir. The snapshot is written on the process's main
 * thread, so its /metrics answering again means the file is whole (and stopChild's SIGKILL
 * after 15 s can no longer cut it short).
 */
async function heapSnapshot(role: Started, logDir: string) {
  const before = new Set(fs.readdirSync(logDir))
  process.kill(role.pid, 'SIGUSR2')
  // The signal is handled on the process's loop: wait for the file to appear, then for /metrics.
  while (fs.readdirSync(logDir).every((f) => before.has(f))) await sleep(100)
  // A scrape can fail as the process comes back: its keep-alive timer closes the old socket.
  for (let attempt = 1; ; attempt++) {
    try {
      await scrapeText(role.metricsPort)
      break
    } catch (err) {
      if (attempt === 5) throw err
      await sleep(1000)
    }
  }
  const written = fs.readdirSync(logDir).filter((f) => !before.has(f))
  process.stderr.write(`soak: heap snapshot of pid ${role.pid}: ${written.join(', ')}\n`)
}

const scrapeText = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text()

/** The value of the sample `series` (name and labels, as exposed) in Prometheus text. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line ? Number(line.slice(series.length + 1)) : NaN
}

function jobTotals(text: string): JobTotals {
  const job = '{job="post.analyze"}'
  return {
    jobs: sample(text, `firebreak_job_duration_seconds_count${job}`) || 0,
    seconds: sample(text, `firebreak_job_duration_seconds_sum${job}`) || 0,
    posts: sample(text, 'firebreak_posts_analyzed_total') || 0,
  }
}

/** RSS, heap and event-loop delay (p99 and max) since the last scrape, from its /metrics. */
async function scrape(port: number): Promise<Omit<ProcessFigures, 'live_heap_mb'>> {
  const text = await scrapeText(port)
  const value = (name: string) => sample(text, name)
  return {
    rss_mb: round(value('firebreak_process_resident_memory_bytes') / 2 ** 20),
    heap_mb: round(value('firebreak_nodejs_heap_size_used_bytes') / 2 ** 20),
    loop_p99_ms: round(value('firebreak_nodejs_eventloop_lag_p99_seconds') * 1000),
    loop_max_ms: round(value('firebreak_nodejs_eventloop_lag_max_seconds') * 1000),
  }
}

async function redisFigures(redis: Redis) {
  const info = await redis.info('memory')
  const used = Number(/used_memory:(\d+)/.exec(info)![1])
  return { redis_used_mb: round(used / 2 ** 20), redis_keys: await redis.dbsize() }
}

async function postgresFigures(db: pg.Client) {
  const { rows } = await db.query<{ tables: string; indexes: string; posts: string }>(
    `select sum(pg_table_size(c.oid))::bigint as tables,
            sum(pg_indexes_size(c.oid))::bigint as indexes,
            (select count(*) from posts) as posts
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'm') and n.nspname = 'public'`,
  )
  const row = rows[0]!
  return {
    pg_table_mb: round(Number(row.tables) / 2 ** 20),
    pg_index_mb: round(Number(row.indexes) / 2 ** 20),
    posts: Number(row.posts),
  }
}

function leastSquaresSlope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length
  if (n < 2) return 0
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0)
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0)
  return sxx ? sxy / sxx : 0
}

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null
  return round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length ? sorted[sorted.length >> 1]! : 0
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()))
