import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { NormalizedPostSchema } from '../../shared/schemas/posts.js'
import { PRIORITY_3_CONFIG } from '../../shared/scoring/defaults.js'
import { ensureBrand } from '../../server/db/repositories/brands.js'
import { queryRows } from '../../server/db/rows.js'
import { pickComplaint } from '../../server/domain/complaints/pick-complaint.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { publishScoringVersion } from '../../server/domain/scoring/publish-version.js'
import { saveScoringDraft } from '../../server/domain/scoring/save-draft.js'
import { publishComplaintEvents } from '../../server/realtime/complaint-events.js'
import { analyzePosts } from '../../workers/processors/analyze-posts.js'
import { rescoreVersion } from '../../workers/processors/rescore.js'
import { DEMO_BRAND, generateDemoScenario } from '../../workers/sources/demo/scenario.js'
import { makeUser } from '../support/auth.js'
import { createTestContext, driver, type TestContext } from '../support/context.js'

/**
 * What the pipeline stores and pushes for the demo scenario, on a fixed clock: every score row
 * (priority, base, rank key, explanation, revision), every complaint's ranking, every pushed
 * view, a pick's rescore and a new version's rescore (a preview's ties fall by random ids,
 * so it is left to its own tests). The golden file was written
 * by the code before the scoring path was straightened (one function, one input builder), so
 * a refactoring that changes a stored number, a note or a pushed field fails here.
 * `UPDATE_SCORES_GOLDEN=1` rewrites it: only for an intended change of scoring.
 */
const GOLDEN = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/scores-demo.golden.json',
)
/** The wall time offset 0 of the scenario stands for (its ids embed it). */
const EPOCH = Date.parse('2026-08-25T07:40:00Z')
/** Posts per ingest, as a connector's page. */
const PAGE = 120

let t: TestContext
beforeAll(async () => {
  t = await createTestContext()
})
afterAll(async () => {
  vi.useRealTimers()
  await t?.close()
})

describe('scores of the demo scenario', () => {
  it('are stored and pushed exactly as before the scoring path was straightened', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: EPOCH })
    const brand = await ensureBrand(t.ctx.db, { ...DEMO_BRAND, slug: 'kredo-golden' })
    const pushed: unknown[] = []
    const publish = t.ctx.publisher.publish.bind(t.ctx.publisher)
    t.ctx.publisher.publish = (name, event) => {
      pushed.push({ name, seq: event.seq, data: event.data })
      publish(name, event)
    }

    const items = generateDemoScenario()
    for (let i = 0; i < items.length; i += PAGE) {
      const page = items.slice(i, i + PAGE)
      const last = page[page.length - 1]!.offsetMs
      vi.setSystemTime(EPOCH + last)
      const ingested = await ingestPosts(t.ctx, {
        brandId: brand.id,
        channel: 'import',
        posts: page.map((item) =>
          NormalizedPostSchema.parse({
            ...item.post,
            postedAt: new Date(EPOCH + item.offsetMs).toISOString(),
          }),
        ),
      })
      // Arrival as a connector's would be, half a minute after posting, so the believed
      // time of each post does not depend on when the test runs.
      await t.ctx.db.execute(
        sql`update posts set ingested_at = posted_at + interval '30 seconds'
            where brand_id = ${brand.id}::uuid`,
      )
      vi.setSystemTime(EPOCH + last + 45_000)
      for (const outboxId of ingested.outboxIds) await analyzePosts(t.ctx, { outboxId })
    }

    // An adviser picks the top complaint: its lead is scored again as a new revision.
    vi.setSystemTime(EPOCH + 3.2 * 3_600_000)
    const adviser = await makeUser(t.ctx, 'adviser')
    const [top] = await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select id from complaints where brand_id = ${brand.id}::uuid
          order by rank_key desc, thread_key limit 1`,
    )
    const picked = await pickComplaint(t.ctx, {
      complaintId: top!.id,
      actorId: adviser.id,
      ip: null,
      reason: 'x',
    })
    publishComplaintEvents(t.ctx.publisher, picked.events)

    // A new version (the pick weighs ten) is published and rescored in small batches.
    vi.setSystemTime(EPOCH + 3.5 * 3_600_000)
    const draft = await saveScoringDraft(t.ctx, {
      config: { ...PRIORITY_3_CONFIG, weights: { ...PRIORITY_3_CONFIG.weights, pick: 10 } },
      actorId: adviser.id,
      ip: null,
    })
    await publishScoringVersion(t.ctx, {
      versionId: draft.id,
      changelog: 'A pick counts for ten points.',
      actorId: adviser.id,
      ip: null,
    })
    await rescoreVersion(t.ctx, { versionId: draft.id }, { batch: 97 })

    const actual = await snapshot(brand.id, pushed)
    const mine = digest(actual)
    // One section per driver, in case the databases' float output ever differs.
    const file = fs.existsSync(GOLDEN)
      ? (JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, string[]>>)
      : {}
    if (process.env.UPDATE_SCORES_GOLDEN === '1') {
      fs.mkdirSync(path.dirname(GOLDEN), { recursive: true })
      fs.writeFileSync(GOLDEN, `${JSON.stringify({ ...file, [driver()]: mine }, null, 1)}\n`)
    }
    const golden = process.env.UPDATE_SCORES_GOLDEN === '1' ? mine : file[driver()]
    if (!golden) throw new Error(`${GOLDEN} has no section for ${driver()}`)
    for (const part of Object.keys(golden)) {
      expect(mine[part]?.length, `${part}: rows`).toBe(golden[part]!.length)
      const first = mine[part]!.findIndex((hash, i) => hash !== golden[part]![i])
      if (first >= 0)
        expect.fail(
          `${part}: row ${first} differs from before: ${JSON.stringify(actual[part]![first])}`,
        )
    }
    expect(Object.keys(mine).sort()).toEqual(Object.keys(golden).sort())
  }, 180_000)
})

type Snapshot = Record<string, unknown[]>

interface PushedLead {
  id: number
  externalId?: string
  sentiment: { score: number }
  analysis: { confidence: number | null; complaintScore: number | null }
}

/** Everything compared, with database ids (uuids, serials) named by what they stand for. */
async function snapshot(brandId: string, pushed: unknown[]): Promise<Snapshot> {
  const threadOf = new Map(
    (
      await queryRows<{ id: string; thread_key: string; network: string }>(
        t.ctx.db,
        sql`select id, thread_key, network from complaints where brand_id = ${brandId}::uuid`,
      )
    ).map((c) => [c.id, `${c.network}/${c.thread_key}`]),
  )
  const postOf = new Map(
    (
      await queryRows<{ id: string | number; external_id: string }>(
        t.ctx.db,
        sql`select id, external_id from posts where brand_id = ${brandId}::uuid`,
      )
    ).map((p) => [Number(p.id), p.external_id]),
  )
  const named = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value), (key, v: unknown) => {
      if (typeof v === 'string' && threadOf.has(v)) return `complaint ${threadOf.get(v)}`
      if (key === 'brandId') return 'brand'
      if (key === 'versionId') return 'version'
      return v
    })
  // Each post's latest score under each version: a lead first analysed in a thread that
  // already had replies is now stored once, with them, where it was stored twice.
  const scores = (
    await queryRows<{ explanation: { factors: Array<Record<string, unknown>> } }>(
      t.ctx.db,
      sql`select distinct on (p.external_id, s.version) p.external_id, s.version, s.priority,
                 s.base_priority as base, s.rank_key, s.explanation, s.thread_replies
          from scores s join posts p on p.id = s.post_id
          where p.brand_id = ${brandId}::uuid
          order by p.external_id, s.version, s.revision desc`,
    )
  ).map(({ explanation, ...row }) => {
    // How many thread replies counted was kept in the explanation; it has a column now.
    const counted = explanation.factors.find((f) => f.threadReplies !== undefined)
    return {
      ...row,
      thread_replies:
        (row as { thread_replies?: number | null }).thread_replies ??
        counted?.threadReplies ??
        null,
      explanation: {
        ...explanation,
        factors: explanation.factors.map(({ threadReplies: _, ...f }) => f),
      },
    }
  })
  const complaintRows = await queryRows(
    t.ctx.db,
    sql`select c.network as source, c.thread_key, p.external_id as lead, c.priority, c.scoring_version,
               c.base_priority, c.waiting_rate, c.waiting_since, c.rank_key, c.post_count,
               c.complaint_count, c.first_seen_at, c.last_activity_at, c.picked_at is not null as picked
        from complaints c join posts p on p.id = c.lead_post_id
        where c.brand_id = ${brandId}::uuid
        order by c.network, c.thread_key`,
  )
  const events = pushed.map((e) => {
    const event = named(e) as { data: { lead: PushedLead } }
    // The glossary renamed a post's network (source → network) and time (createdAt →
    // postedAt): compared under the names the golden was written with, in the same place, so
    // the values must still be equal.
    const older: Record<string, string> = { network: 'source', postedAt: 'createdAt' }
    const renamed = <T>(o: object) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [older[k] ?? k, v])) as T
    event.data = renamed({ ...event.data, lead: renamed<PushedLead>(event.data.lead) })
    const { lead } = event.data
    lead.id = 0
    lead.externalId = postOf.get(Number((e as typeof event).data.lead.id))
    // As stored (float4): a push now shows what REST shows, where a fresh post's used to
    // carry the analyzer's doubles.
    lead.sentiment.score = Math.fround(lead.sentiment.score)
    for (const key of ['confidence', 'complaintScore'] as const)
      if (lead.analysis[key] !== null) lead.analysis[key] = Math.fround(lead.analysis[key])
    return event
  })
  return {
    scores,
    complaints: complaintRows,
    events,
  }
}

function digest(snap: Snapshot): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(snap).map(([part, rows]) => [
      part,
      rows.map((row) =>
        crypto.createHash('sha256').update(JSON.stringify(row)).digest('hex').slice(0, 16),
      ),
    ]),
  )
}
