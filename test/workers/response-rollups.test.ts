import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Queryable } from '../../server/db/client.js'
import { expireRollups } from '../../server/db/repositories/retention.js'
import { readResponseSummary } from '../../server/db/repositories/response-rollups.js'
import { queryRows } from '../../server/db/rows.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import {
  RESPONSE_BIN_ERROR,
  percentileOfBins,
} from '../../server/domain/trends/response-percentiles.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import {
  rawResponsePeriod,
  rawResponseRollups,
  storedResponseRollups,
} from '../support/response-rollups-raw.js'

let t: TestContext
beforeAll(async () => {
  t = await createTestContext()
})
afterAll(() => t?.close())

const MIGRATION = fileURLToPath(
  new URL('../../server/db/migrations/0025_response_rollups.sql', import.meta.url),
)
const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
// A fixed origin, so streams cross hour and day buckets the same way on every run.
const ORIGIN = Date.parse('2026-11-02T00:00:00.000Z')
const STATES = ['new', 'open', 'waiting', 'resolved', 'dismissed'] as const
const OUTCOMES = ['recovered', 'unchanged', 'worse'] as const

// Arrivals over three days, at any millisecond; responses from before arrival (a clock skew)
// to days after.
const arrival = fc.integer({ min: 0, max: 3 * DAY - 1 })
const delay = fc.oneof(
  fc.integer({ min: -30 * SECOND, max: 0 }),
  fc.integer({ min: 0, max: 2 * MINUTE }),
  fc.integer({ min: 0, max: 5 * HOUR }),
  fc.integer({ min: 0, max: 3 * DAY }),
)
const complaintArb = fc.record({
  seen: arrival,
  state: fc.constantFrom(...STATES),
  response: fc.option(delay, { nil: null }),
  outcome: fc.option(fc.constantFrom(...OUTCOMES), { nil: null }),
})
const command = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      complaints: fc.array(complaintArb, { minLength: 1, maxLength: 5 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('answer' as const), pick: fc.nat(), delay }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('outcome' as const),
      pick: fc.nat(),
      outcome: fc.option(fc.constantFrom(...OUTCOMES), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('state' as const),
      pick: fc.nat(),
      state: fc.constantFrom(...STATES),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), seen: arrival }),
  },
  // A thread's upsert (writeThreadLeads): insert or move, and nothing counted changed for some.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('upsert' as const),
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      seen: arrival,
    }),
  },
  // The ranking's many-row updates, which change nothing counted.
  { weight: 1, arbitrary: fc.constant({ kind: 'rerank' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), pick: fc.nat() }) },
)
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never

interface Stream {
  brandId: string
  leadPostId: number
  threads: number
}

const at = (ms: number) => new Date(ORIGIN + ms).toISOString()

/** The stream's complaint ids in thread order (the n-th pick wraps around). */
async function complaintIds(s: Stream): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    t.ctx.db,
    sql`select id from complaints where brand_id = ${s.brandId}::uuid order by thread_key`,
  )
  return rows.map((r) => r.id)
}

async function run(s: Stream, c: Command) {
  const db = t.ctx.db
  const ids = c.kind === 'insert' ? [] : await complaintIds(s)
  const pick = (n: number) => ids[n % ids.length]
  switch (c.kind) {
    case 'insert': {
      const values = c.complaints.map((x) => {
        s.threads += 1
        return sql`(${s.brandId}::uuid, 'bluesky', ${`t${String(s.threads).padStart(4, '0')}`},
          ${s.leadPostId}, ${x.state}, 1, 'v1', ${at(x.seen)}::timestamptz,
          ${at(x.seen)}::timestamptz,
          ${x.response === null ? null : at(x.seen + x.response)}::timestamptz, ${x.outcome},
          ${x.outcome && at(x.seen)}::timestamptz, ${x.outcome && -0.5}::real,
          ${x.outcome && 0.5}::real, ${x.state === 'dismissed' ? 'spam' : null})`
      })
      await db.execute(
        sql`insert into complaints (brand_id, network, thread_key, lead_post_id, state, priority,
              scoring_version, first_seen_at, last_activity_at, first_response_at, outcome,
              outcome_at, outcome_before, outcome_after, dismiss_reason)
            values ${sql.join(values, sql`, `)}`,
      )
      return
    }
    case 'answer': {
      const id = pick(c.pick)
      if (id === undefined) return
      await db.execute(
        sql`update complaints set first_response_at = first_seen_at + ${c.delay}::int * interval '1 millisecond'
            where id = ${id}::uuid`,
      )
      return
    }
    case 'outcome': {
      const id = pick(c.pick)
      if (id === undefined) return
      // As the outcome writer stores one: with its time and figures, or none of them.
      const has = c.outcome !== null
      await db.execute(
        sql`update complaints set outcome = ${c.outcome},
              outcome_at = case when ${has} then now() end,
              outcome_before = case when ${has} then -0.5 end,
              outcome_after = case when ${has} then 0.5 end
            where id = ${id}::uuid`,
      )
      return
    }
    case 'state': {
      const id = pick(c.pick)
      if (id === undefined) return
      await db.execute(
        sql`update complaints set state = ${c.state},
              dismiss_reason = ${c.state === 'dismissed' ? 'spam' : null}
            where id = ${id}::uuid`,
      )
      return
    }
    case 'move': {
      const id = pick(c.pick)
      if (id === undefined) return
      await db.execute(
        sql`update complaints set first_seen_at = ${at(c.seen)}::timestamptz where id = ${id}::uuid`,
      )
      return
    }
    case 'upsert': {
      const keys = c.picks.map((p) => `t${String((p % (s.threads + 1)) + 1).padStart(4, '0')}`)
      await db.execute(
        sql`insert into complaints as c (brand_id, network, thread_key, lead_post_id, priority,
              scoring_version, first_seen_at, last_activity_at)
            select ${s.brandId}::uuid, 'bluesky', k, ${s.leadPostId}, 2, 'v1',
                   ${at(c.seen)}::timestamptz, ${at(c.seen)}::timestamptz
            from unnest(${`{${[...new Set(keys)].join(',')}}`}::text[]) k
            on conflict (brand_id, network, thread_key) do update set
              first_seen_at = least(c.first_seen_at, excluded.first_seen_at), priority = 2`,
      )
      s.threads = Math.max(s.threads, ...keys.map((k) => Number(k.slice(1))))
      return
    }
    case 'rerank':
      await db.execute(
        sql`update complaints set rank_key = rank_key + 1 where brand_id = ${s.brandId}::uuid`,
      )
      return
    case 'delete':
    case 'expire': {
      const id = pick(c.pick)
      if (id === undefined) return
      // Retention never deletes complaints; were one to go under its setting, counts would stay.
      await db.transaction(async (tx) => {
        if (c.kind === 'expire')
          await tx.execute(sql`select set_config('firebreak.retention', 'on', true)`)
        await tx.execute(sql`delete from complaints where id = ${id}::uuid`)
      })
      return
    }
  }
}

async function newStream(): Promise<Stream> {
  const brand = await makeBrand(t.ctx)
  const ingested = await ingestPosts(t.ctx, {
    brandId: brand.id,
    channel: 'import',
    posts: [makePost()],
  })
  expect(ingested.outboxIds.length).toBeGreaterThan(0)
  const [post] = await queryRows<{ id: string }>(
    t.ctx.db,
    sql`select id from posts where brand_id = ${brand.id}::uuid`,
  )
  return { brandId: brand.id, leadPostId: Number(post!.id), threads: 0 }
}

/** Counts a complaint deleted under retention still holds: the raw side keeps them too. */
async function expectRollupsEqualRaw(db: Queryable, s: Stream, expired: ExpiredCells) {
  const [stored, raw] = await Promise.all([
    storedResponseRollups(db, s.brandId),
    rawResponseRollups(db, s.brandId),
  ])
  expect(stored.negative).toBe(0)
  expect(stored.cells).toEqual(expired.addTo(raw))
}

/**
 * What the complaints deleted under `firebreak.retention` contributed when they went: the
 * rollups keep it, the raw side has lost it, so the comparison adds it back.
 */
class ExpiredCells {
  private before: Awaited<ReturnType<typeof rawResponseRollups>> = []
  private kept = new Map<string, Awaited<ReturnType<typeof rawResponseRollups>>[number]>()

  async remember(db: Queryable, brandId: string) {
    this.before = await rawResponseRollups(db, brandId)
  }

  async settle(db: Queryable, brandId: string) {
    const after = new Map(
      (await rawResponseRollups(db, brandId)).map((c) => [`${c.grain} ${c.bucket}`, c]),
    )
    for (const b of this.before) {
      const a = after.get(`${b.grain} ${b.bucket}`)
      const key = `${b.grain} ${b.bucket}`
      const gone = subtract(b, a)
      if (gone) this.kept.set(key, add(this.kept.get(key), gone))
    }
  }

  addTo(raw: Awaited<ReturnType<typeof rawResponseRollups>>) {
    const byKey = new Map(raw.map((c) => [`${c.grain} ${c.bucket}`, c]))
    for (const [key, gone] of this.kept) byKey.set(key, add(byKey.get(key), gone))
    return [...byKey.values()].sort(
      (x, y) => x.grain.localeCompare(y.grain) || x.bucket.localeCompare(y.bucket),
    )
  }
}

type Cell = Awaited<ReturnType<typeof rawResponseRollups>>[number]
const COUNTS = ['arrived', 'arrivedAnswered', 'answered', 'recovered', 'withOutcome'] as const
const binsOf = (c: Cell | undefined) =>
  new Map((c?.bins ?? []).map((b) => b.split(':').map(Number) as [number, number]))
const fromBins = (m: Map<number, number>) =>
  [...m]
    .filter(([, n]) => n !== 0)
    .sort(([a], [b]) => a - b)
    .map(([bin, n]) => `${bin}:${n}`)

function add(a: Cell | undefined, b: Cell): Cell {
  const bins = binsOf(a)
  for (const [bin, n] of binsOf(b)) bins.set(bin, (bins.get(bin) ?? 0) + n)
  const out = { ...b, bins: fromBins(bins) }
  for (const k of COUNTS) out[k] = (a?.[k] ?? 0) + b[k]
  return out
}

function subtract(before: Cell, after: Cell | undefined): Cell | null {
  const bins = binsOf(before)
  for (const [bin, n] of binsOf(after)) bins.set(bin, (bins.get(bin) ?? 0) - n)
  const out = { ...before, bins: fromBins(bins) }
  for (const k of COUNTS) out[k] = before[k] - (after?.[k] ?? 0)
  return COUNTS.some((k) => out[k] !== 0) || out.bins.length ? out : null
}

/** A period in the stream's days, ends at any millisecond (edge hours read raw). */
const periodArb = fc
  .tuple(fc.integer({ min: -HOUR, max: 3 * DAY + HOUR }), fc.integer({ min: 1, max: 3 * DAY }))
  .map(([from, length]) => ({
    from: new Date(ORIGIN + from),
    to: new Date(ORIGIN + from + length),
  }))

/** |read - exact| within the bin bound of (1 s + exact), before the API rounds to seconds. */
function expectWithinBins(read: number | null, exact: number | null) {
  if (exact === null) return expect(read).toBeNull()
  expect(read).not.toBeNull()
  expect(Math.abs(read! - exact)).toBeLessThanOrEqual(RESPONSE_BIN_ERROR * (1 + exact) + 1e-6)
}

describe('response rollups', () => {
  it('equal the raw complaints after random inserts, answers, outcomes, dismissals, moves and deletes; periods read with raw edges match', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 1, maxLength: 14 }),
        fc.array(periodArb, { minLength: 1, maxLength: 3 }),
        async (commands, periods) => {
          const s = await newStream()
          const expired = new ExpiredCells()
          for (const c of commands) {
            if (c.kind === 'expire') await expired.remember(t.ctx.db, s.brandId)
            await run(s, c)
            if (c.kind === 'expire') await expired.settle(t.ctx.db, s.brandId)
          }
          await expectRollupsEqualRaw(t.ctx.db, s, expired)
          if (commands.some((c) => c.kind === 'expire')) return
          for (const period of periods) {
            const [read, raw] = await Promise.all([
              readResponseSummary(t.ctx.db, { brandId: s.brandId, ...period }),
              rawResponsePeriod(t.ctx.db, { brandId: s.brandId, ...period }),
            ])
            const { bins, ...counts } = read
            expect(counts).toEqual(raw.counts)
            expect(bins.reduce((n, b) => n + b.n, 0)).toBe(raw.counts.answered)
            expectWithinBins(percentileOfBins(bins, 0.5), raw.p50)
            expectWithinBins(percentileOfBins(bins, 0.9), raw.p90)
          }
        },
      ),
      { numRuns: 30 },
    )
  }, 180_000)

  it('are left alone by post retention and dropped with the rollups past the rollup retention', async () => {
    const s = await newStream()
    const now = new Date(ORIGIN + 90 * DAY)
    await run(s, {
      kind: 'insert',
      complaints: [
        { seen: 0, state: 'open', response: 5 * MINUTE, outcome: 'recovered' },
        { seen: 80 * DAY, state: 'waiting', response: HOUR, outcome: null },
      ],
    })
    const before = await storedResponseRollups(t.ctx.db, s.brandId)
    expect(before.cells.filter((c) => c.grain === 'day').map((c) => c.bucket)).toEqual([
      at(0),
      at(80 * DAY),
    ])
    // 60 days back from day 90: the first complaint's day and hour go, the second's stay.
    await expireRollups(t.ctx.db, { brandId: s.brandId, now, days: 60 })
    const after = await storedResponseRollups(t.ctx.db, s.brandId)
    expect(after.cells).toEqual(before.cells.filter((c) => c.bucket === at(80 * DAY)))
  })

  // Last in the file: it recomputes every brand's response rollups, as the migration does.
  it('are backfilled from the stored complaints by migration 0025', async () => {
    const s = await newStream()
    await run(s, {
      kind: 'insert',
      complaints: [
        { seen: 0, state: 'open', response: 5 * MINUTE, outcome: 'recovered' },
        { seen: 0, state: 'dismissed', response: null, outcome: null },
        { seen: DAY + 7, state: 'resolved', response: 3 * HOUR + 11, outcome: 'worse' },
      ],
    })
    await run(s, { kind: 'move', pick: 0, seen: 2 * DAY })
    const expected = await rawResponseRollups(t.ctx.db, s.brandId)

    await t.ctx.db.execute(sql`delete from response_time_bins`)
    await t.ctx.db.execute(sql`delete from response_rollups`)
    const statements = fs.readFileSync(MIGRATION, 'utf8').split('--> statement-breakpoint')
    const backfill = statements.filter((text) => text.includes('An upgraded database shows'))
    expect(backfill).toHaveLength(1)
    await t.ctx.db.execute(sql.raw(backfill[0]!))
    const stored = await storedResponseRollups(t.ctx.db, s.brandId)
    expect(stored.cells).toEqual(expected)
  })
})
