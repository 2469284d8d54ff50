import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { openContext } from '../server/bootstrap.js'
import { loadConfig } from '../server/config.js'
import { ensureBrand } from '../server/db/repositories/brands.js'
import { ingestPosts } from '../server/domain/ingest/ingest-posts.js'
import { createApp } from '../server/http/app.js'
import { hashPassword } from '../server/auth/passwords.js'
import type { AppContext } from '../server/context.js'
import { users } from '../server/db/schema.js'
import { createLogger } from '../server/lib/logger.js'
import { closeRedis, deleteKeysWithPrefix, subscriberOf } from '../server/queue/redis.js'
import { attachSocketServer } from '../server/realtime/socket-server.js'
import { startWorkers } from '../workers/main.js'
import { startPostgresServer } from '../test/support/postgres-server.js'
import { runBarePipeline } from './bare-pipeline.js'
import {
  BENCH_PG,
  dropDatabase,
  measure,
  readBenchFlags,
  startConsoleClients,
  type BenchFlags,
} from './support.js'

/**
 * `pipeline [--compare]`: Firebreak's pipeline; with --compare, then the bare peer in the same
 * process (second, so that its heap does not count in Firebreak's peak RSS).
 */
export async function runPipelineBench(argv: string[]) {
  const flags = readBenchFlags(argv)
  // A PostgreSQL of the bench's own unless BENCH_PG names one: a shared server's settings
  // (autovacuum off on some machines) and other databases would be measured too.
  const own = process.env.BENCH_PG ? null : await startPostgresServer()
  try {
    const server = own?.url ?? BENCH_PG
    const ours = await runFirebreakPipeline(flags, server)
    const peer = flags.compare ? await runBarePipeline(flags, server) : null
    return peer
      ? { ...ours, peer, vs_peer: Math.round((ours.posts_per_s / peer.posts_per_s) * 100) / 100 }
      : ours
  } finally {
    await own?.stop()
  }
}

/**
 * Pushes synthetic posts through the real pipeline in one process: ingest (Postgres
 * transaction + outbox) → BullMQ → analyze/score/persist → Redis → socket.io → a connected
 * client. Latency is from the ingest call to the client's receipt of the post's event.
 */
async function runFirebreakPipeline(flags: BenchFlags, pgServer: string) {
  const database = `fb_bench_${Date.now().toString(36)}`
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: `${pgServer}/${database}`,
    QUEUE_PREFIX: `fbbench-${crypto.randomBytes(4).toString('hex')}`,
    DEMO: 'off',
  })
  const logger = createLogger('warn', { format: 'json', destination: process.stderr })
  const opened = await openContext(config, logger)
  const { ctx } = opened
  const workers = await startWorkers(ctx)
  const server = http.createServer(createApp(ctx))
  const sub = subscriberOf(opened.adapterRedis)
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
  const measured = await measure(
    flags,
    (offered) => startConsoleClients(url, brand.id, viewer, flags.posts, flags.clients, offered),
    (batch) => ingestPosts(ctx, { brandId: brand.id, channel: 'import', posts: batch }),
  )

  await workers.close()
  await new Promise<void>((resolve) => io.close(() => resolve()))
  await closeRedis(sub)
  await deleteKeysWithPrefix(ctx.redis, config.queuePrefix)
  await opened.close()
  await dropDatabase(pgServer, database)

  return {
    bench: 'pipeline',
    posts: flags.posts,
    rate: flags.rate || 'max',
    ...measured,
    driver: ctx.driver,
    analyze_concurrency: config.analyze.concurrency,
    analyze_batch: config.analyze.batchSize,
    ingest_batch: flags.batch,
  }
}

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
