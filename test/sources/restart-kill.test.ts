import crypto from 'node:crypto'
import { and, inArray, isNotNull, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { posts, rejectedPayloads, sources } from '../../server/db/schema.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import { startKillReplays, type KillReplay } from '../support/kill-replays.js'
import { processEnv, spawnFirebreak, type FirebreakProcess } from '../support/processes.js'

/** Worker processes SIGKILLed mid-replay before the one left to finish it. */
const KILLS = 3
/** A kill lands this long after the worker said it started, at random in between. */
const KILL_AFTER_MS = [300, 2800] as const

let t: TestContext
let env: Record<string, string>
let replays: KillReplay[] = []

beforeAll(async () => {
  env = await processEnv({
    SSRF_ALLOWLIST: '127.0.0.1',
    DEMO: 'off',
    // A killed worker's poll locks and stream leases lapse while the next one starts.
    JOB_LOCK_MS: '3000',
  })
  t = await createTestContext(env)
  replays = await startKillReplays(t.ctx, { delayMs: 250, paceMs: 8 })
})
afterAll(async () => {
  await Promise.all(replays.map((r) => r.close()))
  await t?.close()
})

/** A small seeded PRNG (mulberry32): a failure names its seed, and KILL_SEED replays it. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32
  }
}

/** How many rows each external id has, per source. */
async function storedCounts(): Promise<Map<string, Map<string, number>>> {
  const rows = await t.ctx.db
    .select({
      sourceId: posts.sourceId,
      externalId: posts.externalId,
      n: sql<number>`count(*)::int`,
    })
    .from(posts)
    .where(
      inArray(
        posts.sourceId,
        replays.map((r) => r.sourceId),
      ),
    )
    .groupBy(posts.sourceId, posts.externalId)
  const bySource = new Map(replays.map((r) => [r.sourceId, new Map<string, number>()]))
  for (const row of rows) bySource.get(row.sourceId!)!.set(row.externalId, row.n)
  return bySource
}

/** One line per source: stored of expected. */
async function progress(): Promise<{ line: string; complete: boolean; stored: number }> {
  const counts = await storedCounts()
  let stored = 0
  let complete = true
  const parts = replays.map((r) => {
    const mine = counts.get(r.sourceId)!
    stored += mine.size
    if (mine.size < r.expected.length) complete = false
    return `${r.kind} ${mine.size}/${r.expected.length}`
  })
  return { line: parts.join(', '), complete, stored }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('connectors under a worker killed at random points of a replay', () => {
  it('store exactly the replayed posts, none missing and none twice', async () => {
    const started = Date.now()
    const at = () => `@${((Date.now() - started) / 1000).toFixed(1)} s`
    const seed = Number(process.env.KILL_SEED) || crypto.randomInt(1, 2 ** 31)
    const random = seededRandom(seed)
    const history: string[] = [`seed ${seed} (KILL_SEED=${seed} replays these kill points)`]
    const said = () => history.join('\n')
    const polled = replays.filter((r) => r.polled).map((r) => r.sourceId)
    // The test stands in for the clock: a source is due again at once instead of after its
    // interval (10 s at least), so that a replay of many small polls fits in a few seconds.
    const keepDue = setInterval(() => {
      t.ctx.db
        .update(sources)
        .set({ nextPollAt: null })
        .where(inArray(sources.id, polled))
        .catch(() => undefined)
    }, 200)
    const expectedTotal = replays.reduce((n, r) => n + r.expected.length, 0)
    let killedMidReplay = 0
    let last: FirebreakProcess | null = null
    try {
      for (let k = 1; k <= KILLS; k++) {
        const worker = await spawnFirebreak(['--role', 'worker'], env)
        const [min, max] = KILL_AFTER_MS
        const delay = min + Math.floor(random() * (max - min))
        await sleep(delay)
        expect(await worker.stop('SIGKILL'), said()).toBe(null)
        const now = await progress()
        if (now.stored < expectedTotal) killedMidReplay++
        history.push(`kill ${k} after ${delay} ms: ${now.line} ${at()}`)
      }
      last = await spawnFirebreak(['--role', 'worker'], env)
      const worker = last
      await eventually('every replay stored', async () => (await progress()).complete, {
        timeoutMs: 60_000,
        everyMs: 250,
      }).catch(async (err: Error) => {
        const health = await t.ctx.db
          .select({ kind: sources.kind, error: sources.lastError })
          .from(sources)
          .where(inArray(sources.id, polled))
        throw new Error(
          `${err.message}\n${said()}\nnow: ${(await progress()).line}\n` +
            `${JSON.stringify(health)}\n${worker.diagnostics()}`,
        )
      })
      // Then until the stored set stops changing: every polled source polled again after.
      const settledFrom = new Date()
      history.push(`all stored ${at()}`)
      await eventually(
        'a poll of every source after the replay was stored',
        async () => {
          const rows = await t.ctx.db
            .select({ at: sources.lastSuccessAt })
            .from(sources)
            .where(inArray(sources.id, polled))
          return rows.every((r) => r.at && r.at > settledFrom)
        },
        { timeoutMs: 30_000, everyMs: 250 },
      )
    } finally {
      clearInterval(keepDue)
      await last?.stop('SIGKILL')
    }
    history.push(`final: ${(await progress()).line}`)
    // The kills did land mid-replay (a worker lives under 3 s; the stream alone takes longer).
    expect(killedMidReplay, said()).toBeGreaterThan(0)

    const counts = await storedCounts()
    for (const replay of replays) {
      const mine = counts.get(replay.sourceId)!
      const twice = [...mine].filter(([, n]) => n > 1).map(([id]) => id)
      expect(twice, `${replay.kind} stored twice\n${said()}`).toEqual([])
      expect([...mine.keys()].sort(), `${replay.kind} stored\n${said()}`).toEqual(
        [...replay.expected].sort(),
      )
    }
    // No payload set aside twice either (the replays have no bad items: none at all).
    const rejected = await t.ctx.db
      .select({ sourceId: rejectedPayloads.sourceId, reason: rejectedPayloads.reason })
      .from(rejectedPayloads)
      .where(
        inArray(
          rejectedPayloads.sourceId,
          replays.map((r) => r.sourceId),
        ),
      )
    expect(rejected, said()).toEqual([])
    // Nothing the networks still have was taken for deleted by a restart's re-reads.
    const deleted = await t.ctx.db
      .select({ sourceId: posts.sourceId, externalId: posts.externalId })
      .from(posts)
      .where(
        and(
          inArray(
            posts.sourceId,
            replays.map((r) => r.sourceId),
          ),
          isNotNull(posts.deletedAt),
        ),
      )
    expect(deleted, said()).toEqual([])
  }, 150_000)
})
