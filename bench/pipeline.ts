import crypto from 'node:crypto'
import { fork } from 'node:child_process'
import http from 'node:http'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { z } from 'zod'
import { NormalizedPostSchema, type NormalizedPost } from '../shared/schemas/posts.js'
import { openContext } from '../server/bootstrap.js'
import { loadConfig } from '../server/config.js'
import { ensureBrand } from '../server/db/repositories/brands.js'
import { ingestPosts } from '../server/domain/ingest/ingest-posts.js'
import { createApp } from '../server/http/app.js'
import { hashPassword } from '../server/auth/passwords.js'
import type { AppContext } from '../server/context.js'
import { users } from '../server/db/schema.js'
import { createLogger } from '../server/lib/logger.js'
import { attachSocketServer } from '../server/realtime/socket-server.js'
import { startWorkers } from '../workers/main.js'

const Flags = z.object({
  posts: z.coerce.number().int().positive().default(20_000),
  /** Posts per second offered; 0 means as fast as ingest takes them. */
  rate: z.coerce.number().min(0).default(0),
  batch: z.coerce.number().int().positive().default(100),
})

const TEXTS = [
  'My Kredo score dropped from {a} to {b} overnight while my followers grew. Fix this.',
  'Kredo rewrote my whole score history. Terrible. Who signed off on this?',
  'Recruiter asked about my Kredo score and it is {b} now. This hurts my job search.',
  'Still no answer from Kredo support after {a} hours. Unacceptable.',
  'Our client reports show Kredo at {b}, down from {a}. Explain the change, Kredo.',
]

/** A complaint in a thread of its own, so each post yields exactly one console event. */
function syntheticPost(i: number): NormalizedPost {
  const a = 40 + (i % 50)
  return NormalizedPostSchema.parse({
    source: ['bluesky', 'x', 'mastodon', 'reddit'][i % 4],
    externalId: `bench-${i}`,
    text: TEXTS[i % TEXTS.length]!.replace('{a}', String(a)).replace(
      '{b}',
      String(a - 20 - (i % 17)),
    ),
    lang: 'en',
    createdAt: new Date().toISOString(),
    author: {
      externalId: `author-${i % 5000}`,
      handle: `user${i % 5000}`,
      followers: Math.floor(10 ** (1 + (i % 6))),
    },
    engagement: { likes: i % 300, replies: i % 40, shares: i % 25 },
  })
}

/**
 * Pushes synthetic posts through the real pipeline in one process: ingest (Postgres
 * transaction + outbox) → BullMQ → analyze/score/persist → Redis → socket.io → a connected
 * client. Latency is from the ingest call to the client's receipt of the post's event.
 */
export async function runPipelineBench(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { posts: { type: 'string' }, rate: { type: 'string' }, batch: { type: 'string' } },
  })
  const flags = Flags.parse(values)
  const database = `fb_bench_${Date.now().toString(36)}`
  const adminUrl = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432'
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: `${adminUrl}/${database}`,
    QUEUE_PREFIX: `fbbench-${crypto.randomBytes(4).toString('hex')}`,
    DEMO: 'off',
  })
  const logger = createLogger('warn', { format: 'json', destination: process.stderr })
  const opened = await openContext(config, logger)
  const { ctx } = opened
  const workers = await startWorkers(ctx)
  const server = http.createServer(createApp(ctx))
  const sub = opened.adapterRedis.duplicate()
  const io = attachSocketServer(server, ctx, { pub: opened.adapterRedis, sub })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const brand = await ensureBrand(ctx.db, {
    slug: 'bench',
    name: 'Bench',
    trackedTerms: [],
    excludedTerms: [],
  })

  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const viewer = await signIn(ctx, url)
  const consoleClient = await startConsoleClient(url, brand.id, viewer, flags.posts)

  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)
  const posts = Array.from({ length: flags.posts }, (_, i) => syntheticPost(i))
  const sentAt = new Map<string, number>()
  const started = epochNow()
  await offer(posts, flags, async (batch) => {
    const now = epochNow()
    for (const p of batch) sentAt.set(p.externalId, now)
    await ingestPosts(ctx, { brandId: brand.id, channel: 'import', posts: batch })
  })
  const received = await consoleClient.receipts
  clearInterval(sampler)
  const latencies = received.map(([externalId, at]) => at - sentAt.get(externalId)!)
  const lastReceipt = Math.max(...received.map(([, at]) => at))

  await workers.close()
  await new Promise<void>((resolve) => io.close(() => resolve()))
  sub.disconnect()
  await opened.close()
  await dropDatabase(adminUrl, database)

  latencies.sort((a, b) => a - b)
  const pct = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!)
  return {
    bench: 'pipeline',
    posts: flags.posts,
    rate: flags.rate || 'max',
    posts_per_s: Math.round(flags.posts / ((lastReceipt - started) / 1000)),
    p50_ms: pct(0.5),
    p95_ms: pct(0.95),
    p99_ms: pct(0.99),
    max_ms: round(latencies.at(-1)!),
    peak_rss_mb: Math.round(peakRss / 1024 / 1024),
    driver: ctx.driver,
    analyze_concurrency: config.analyze.concurrency,
    analyze_batch: config.analyze.batchSize,
    ingest_batch: flags.batch,
  }
}

const epochNow = () => performance.timeOrigin + performance.now()

/** A viewer's session, as the console's browser would hold it. */
async function signIn(ctx: AppContext, url: string): Promise<string> {
  const password = crypto.randomBytes(12).toString('base64url')
  const email = `bench-${crypto.randomBytes(4).toString('hex')}@bench.example`
  await ctx.db
    .insert(users)
    .values({ email, name: 'Bench', role: 'viewer', passwordHash: await hashPassword(password) })
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  return res.headers.get('set-cookie')!.split(';')[0]!
}

/** Starts the console client process; resolves when it has connected, with a promise of its receipts. */
async function startConsoleClient(url: string, brandId: string, cookie: string, count: number) {
  const child = fork(
    fileURLToPath(new URL('./console-client.ts', import.meta.url)),
    [url, brandId, cookie, String(count)],
    {
      execArgv: ['--import', 'tsx'],
    },
  )
  type Message =
    | { type: 'ready' }
    | { type: 'error'; message: string }
    | { type: 'done'; received: Array<[string, number]> }
  const done = new Promise<Array<[string, number]>>((resolve, reject) => {
    child.on('message', (m: Message) => {
      if (m.type === 'done') resolve(m.received)
      if (m.type === 'error') reject(new Error(`console client: ${m.message}`))
    })
    child.on('exit', (code) => code && reject(new Error(`console client exited with ${code}`)))
  })
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: Message) => m.type === 'ready' && resolve())
    done.catch(reject)
  })
  // Wrapped: an async function returning a promise would wait for it.
  return { receipts: done }
}

/** Hands posts to `ingest` in batches, paced to `rate` posts/s (or as fast as it goes). */
async function offer(
  posts: NormalizedPost[],
  flags: z.infer<typeof Flags>,
  ingest: (batch: NormalizedPost[]) => Promise<void>,
) {
  const start = performance.now()
  let sent = 0
  while (sent < posts.length) {
    const due = flags.rate
      ? Math.min(posts.length, Math.floor(((performance.now() - start) / 1000) * flags.rate))
      : posts.length
    if (due <= sent) {
      await new Promise((resolve) => setTimeout(resolve, 2))
      continue
    }
    const end = Math.min(due, sent + flags.batch)
    await ingest(posts.slice(sent, end))
    sent = end
  }
}

async function dropDatabase(adminUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: `${adminUrl}/postgres` })
  await admin.connect()
  await admin.query(`drop database if exists "${name}" with (force)`)
  await admin.end()
}

const round = (n: number) => Math.round(n * 10) / 10
