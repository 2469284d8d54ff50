import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { z } from 'zod'
import { ConfigError } from '../server/config.js'
import { flagProblems, parseArgv } from '../server/lib/flags.js'
import { NormalizedPostSchema, type NormalizedPost } from '../shared/schemas/posts.js'

const Flags = z.object({
  posts: z.coerce.number().int().positive().default(20_000),
  /** Posts per second offered; 0 means as fast as ingest takes them. */
  rate: z.coerce.number().min(0).default(0),
  batch: z.coerce.number().int().positive().default(100),
  /** Also run the bare peer pipeline, in the same run, and report both. */
  compare: z.boolean().default(false),
  /** Signed-in console clients, each in its own process; every one must receive every event. */
  clients: z.coerce.number().int().min(1).max(100).default(1),
})
export type BenchFlags = z.infer<typeof Flags>

export function readBenchFlags(argv: string[]): BenchFlags {
  const { values } = parseArgv({
    args: argv,
    options: {
      posts: { type: 'string' },
      rate: { type: 'string' },
      batch: { type: 'string' },
      compare: { type: 'boolean' },
      clients: { type: 'string' },
    },
  })
  const parsed = Flags.safeParse(values)
  if (!parsed.success) throw new ConfigError(flagProblems(parsed.error))
  return parsed.data
}

export const BENCH_PG = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432'

const TEXTS = [
  'My Kredo score dropped from {a} to {b} overnight while my followers grew. Fix this.',
  'Kredo rewrote my whole score history. Terrible. Who signed off on this?',
  'Recruiter asked about my Kredo score and it is {b} now. This hurts my job search.',
  'Still no answer from Kredo support after {a} hours. Unacceptable.',
  'Our client reports show Kredo at {b}, down from {a}. Explain the change, Kredo.',
]

/** A complaint in a thread of its own, so each post yields exactly one console event. */
export function syntheticPost(i: number): NormalizedPost {
  const a = 40 + (i % 50)
  return NormalizedPostSchema.parse({
    network: ['bluesky', 'x', 'mastodon', 'reddit'][i % 4],
    externalId: `bench-${i}`,
    text: TEXTS[i % TEXTS.length]!.replace('{a}', String(a)).replace(
      '{b}',
      String(a - 20 - (i % 17)),
    ),
    lang: 'en',
    postedAt: new Date().toISOString(),
    author: {
      externalId: `author-${i % 5000}`,
      handle: `user${i % 5000}`,
      // An author's reach is their own (10 to 1M by author), drifting up by a follower or two
      // each time they post, as real accounts' counts do.
      followers: 10 ** (1 + ((i % 5000) % 6)) + Math.floor(i / 5000),
    },
    engagement: { likes: i % 300, replies: i % 40, shares: i % 25 },
  })
}

const epochNow = () => performance.timeOrigin + performance.now()

/** The largest RSS seen while it runs, sampled every 50 ms. */
function sampleRss() {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  return {
    stop() {
      clearInterval(timer)
      return Math.round(peak / 1024 / 1024)
    },
  }
}

/** How long the consoles may take, after the last post was offered, to receive every event. */
const DRAIN_MS = 60_000

export interface ConsoleClients {
  /** Every client's receipts, once each has all `count` events (or the drain time is up). */
  receipts: Promise<Array<[string, number]>>
  clients: number
}

/**
 * `clients` consoles, each in a process of its own, signed in as `cookie`: each reports when
 * every post's event reached it (epoch ms). One that has not received all `count` events by
 * DRAIN_MS after `offered` resolves is told to stop and reports what it has: the missing ones
 * are missed events.
 */
export async function startConsoleClients(
  url: string,
  brandId: string,
  cookie: string,
  count: number,
  clients = 1,
  offered: Promise<unknown> = Promise.resolve(),
): Promise<ConsoleClients> {
  const started = await Promise.all(
    Array.from({ length: clients }, () => startConsoleClient(url, brandId, cookie, count)),
  )
  const drained = offered.then(
    () => new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref()),
  )
  void drained.then(() => started.forEach((c) => c.stop()))
  return {
    receipts: Promise.all(started.map((c) => c.receipts)).then((all) => all.flat()),
    clients,
  }
}

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
  return {
    receipts: done,
    stop: () => child.connected && child.send({ type: 'stop' }),
  }
}

/** Hands posts to `ingest` in batches, paced to `rate` posts/s (or as fast as it goes). */
async function offer(
  posts: NormalizedPost[],
  flags: BenchFlags,
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

export async function dropDatabase(adminUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: `${adminUrl}/postgres` })
  await admin.connect()
  await admin.query(`drop database if exists "${name}" with (force)`)
  await admin.end()
}

const round = (n: number) => Math.round(n * 10) / 10

/**
 * Offers the synthetic posts to `send` and waits for the console client to receive them all:
 * throughput (first offer to last receipt), latency percentiles (offer to receipt), peak RSS.
 */
export async function measure(
  flags: BenchFlags,
  connect: (offered: Promise<unknown>) => Promise<ConsoleClients>,
  send: (batch: NormalizedPost[]) => Promise<unknown>,
) {
  const rss = sampleRss()
  const posts = Array.from({ length: flags.posts }, (_, i) => syntheticPost(i))
  const sentAt = new Map<string, number>()
  let offered!: () => void
  const consoles = await connect(new Promise<void>((resolve) => (offered = resolve)))
  const started = epochNow()
  await offer(posts, flags, async (batch) => {
    const now = epochNow()
    for (const p of batch) sentAt.set(p.externalId, now)
    await send(batch)
  })
  offered()
  const received = await consoles.receipts
  return {
    ...summarize(flags.posts, started, sentAt, received),
    clients: consoles.clients,
    missed_events: flags.posts * consoles.clients - received.length,
    peak_rss_mb: rss.stop(),
  }
}

function summarize(
  posts: number,
  started: number,
  sentAt: Map<string, number>,
  received: Array<[string, number]>,
) {
  const latencies = received.map(([externalId, at]) => at - sentAt.get(externalId)!)
  latencies.sort((a, b) => a - b)
  // A loop, not Math.max(...): 20 clients × 20,000 posts are more arguments than the stack holds.
  let lastReceipt = -Infinity
  for (const [, at] of received) if (at > lastReceipt) lastReceipt = at
  const pct = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!)
  return {
    posts_per_s: Math.round(posts / ((lastReceipt - started) / 1000)),
    p50_ms: pct(0.5),
    p95_ms: pct(0.95),
    p99_ms: pct(0.99),
    max_ms: round(latencies.at(-1)!),
  }
}
