import { spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { count, eq, isNull, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyses, outbox, posts } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { createTestContext, TEST_SECRETS_KEY, type TestContext } from '../support/context.js'
import { eventually, readHealth } from '../support/eventually.js'
import { makeBrand, makePost, postInput } from '../support/factories.js'
import { freePort } from '../support/ports.js'
import { startPostgresServer, type PostgresServer } from '../support/postgres-server.js'
import { spawnFirebreak, type FirebreakProcess } from '../support/processes.js'

const ROOT = path.resolve(import.meta.dirname, '../..')

let pg: PostgresServer
let t: TestContext
let env: Record<string, string>
let worker: FirebreakProcess
let workerUrl: string

beforeAll(async () => {
  pg = await startPostgresServer()
  const metricsPort = await freePort()
  env = {
    DATABASE_URL: `${pg.url}/firebreak_outage`,
    QUEUE_PREFIX: `fbtest-pgout-${process.pid}`,
    SECRETS_KEY: TEST_SECRETS_KEY,
    PORT: '0',
    WORKER_METRICS_PORT: String(metricsPort),
    // Small jobs, one at a time, so that work is still queued when the database goes.
    ANALYZE_BATCH: '100',
    ANALYZE_CONCURRENCY: '1',
    OUTBOX_SWEEP_MS: '1000',
    JOB_LOCK_MS: '5000',
  }
  workerUrl = `http://127.0.0.1:${metricsPort}`
  t = await createTestContext(env)
}, 120_000)

afterAll(async () => {
  await worker?.stop()
  await t?.close()
  await pg?.destroy()
})

/** `npm run import -- FILE --brand SLUG`, from source, as an operator runs it. */
function runImport(file: string, brand: string) {
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), 'server/cli/import.ts', file, '--brand', brand],
    { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: 'info' } },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  return {
    child,
    done: once(child, 'exit').then(([code]) => ({ code: code as number, stdout, stderr })),
  }
}

/** What a CLI wrote on stderr besides its progress lines. */
const notProgress = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line && !/^[\d,]+ lines, [\d,]+ new, [\d,]+ rejected \(\d+%\)$/.test(line))

const countOf = async (query: Promise<Array<{ n: number }>>) => (await query)[0]!.n

describe('PostgreSQL stopped under a running worker and a running import', () => {
  it('the worker rides it out alone, the import stops with one line, and nothing is lost', async () => {
    const brand = await makeBrand(t.ctx)
    // Work queued before the outage: 3,000 posts in 30 analyze jobs.
    const queued = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: Array.from({ length: 3000 }, (_, i) => makePost({ threadId: `q-${i % 300}` })),
    })
    expect(queued.inserted).toBe(3000)
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fb-pgout-')), 'posts.jsonl')
    const lines = Array.from({ length: 30_000 }, (_, i) =>
      JSON.stringify(postInput({ threadId: `f-${i % 3000}` })),
    )
    fs.writeFileSync(file, `${lines.join('\n')}\n`)

    worker = await spawnFirebreak(['--role', 'worker'], env)
    const firstImport = runImport(file, brand.slug)
    await eventually('the import to store some lines', async () => {
      const n = await countOf(
        t.ctx.db.select({ n: count() }).from(posts).where(eq(posts.brandId, brand.id)),
      )
      return n > 3000
    })
    expect((await readHealth(workerUrl))?.status).toBe(200)

    await pg.stop()
    const stoppedAt = Date.now()
    const imported = await firstImport.done
    expect(imported.code).toBe(3)
    // Progress lines, then one line that says what stopped it and how to go on: no stack.
    const errorLines = notProgress(imported.stderr)
    expect(errorLines, imported.stderr).toHaveLength(1)
    expect(errorLines[0]).toMatch(
      /^import: stopped: PostgreSQL is unavailable \(.+\)\. The first [\d,]+ lines were stored; run the same command again to finish/,
    )

    // While it is down: the worker answers 503 naming the database, and the jobs that ran out
    // of attempts are counted as dead letters.
    const during = await eventually(
      'dead letters while PostgreSQL is down',
      async () => {
        const health = await readHealth(workerUrl)
        return health?.status === 503 && Number(health.body.deadLetters) > 0 && health
      },
      { timeoutMs: 60_000, everyMs: 500 },
    )
    expect(during.body).toMatchObject({
      status: 'unavailable',
      checks: { database: expect.stringMatching(/^error: /), redis: 'ok' },
      dependencies: { postgres: { up: false }, redis: { up: true } },
      outbox: { pending: null },
    })
    // Down longer than every attempt's backoff (1 + 2 + 4 + 8 s, with jitter).
    const downFor = 25_000 - (Date.now() - stoppedAt)
    if (downFor > 0) await new Promise((resolve) => setTimeout(resolve, downFor))
    await pg.start()

    await eventually('the worker healthy again', async () => {
      const health = await readHealth(workerUrl)
      return health?.status === 200
    })
    const rerun = await runImport(file, brand.slug).done
    expect(notProgress(rerun.stderr)).toEqual([])
    expect(rerun.code).toBe(0)
    expect(rerun.stdout).toMatch(
      /30,000 lines, [\d,]+ new posts, [\d,]+ already stored, 0 rejected/,
    )

    // Every post analysed without anyone's help: no pending outbox row, no dead letter left.
    await eventually(
      'every post analysed',
      async () => {
        const pending = await countOf(
          t.ctx.db.select({ n: count() }).from(outbox).where(isNull(outbox.doneAt)),
        )
        const health = await readHealth(workerUrl)
        return pending === 0 && health?.body.deadLetters === 0
      },
      { timeoutMs: 90_000, everyMs: 500 },
    )
    const byBrand = eq(posts.brandId, brand.id)
    expect(await countOf(t.ctx.db.select({ n: count() }).from(posts).where(byBrand))).toBe(33_000)
    expect(
      await countOf(
        t.ctx.db
          .select({ n: sql<number>`count(distinct ${analyses.postId})::int` })
          .from(analyses)
          .innerJoin(posts, eq(posts.id, analyses.postId))
          .where(byBrand),
      ),
    ).toBe(33_000)

    // The worker was never restarted, and said what it waited for once, and once that it was back.
    expect(worker.child.exitCode).toBeNull()
    const said = (msg: RegExp) => worker.logs.filter((l) => msg.test(String(l.msg))).length
    expect(said(/^waiting for PostgreSQL/)).toBe(1)
    expect(said(/^PostgreSQL is back after/)).toBe(1)
    expect(worker.logs.some((l) => /deadlock detected/.test(JSON.stringify(l)))).toBe(false)
    expect(worker.diagnostics()).not.toMatch(/Unhandled 'error' event|node:events/)
  }, 240_000)
})
