import { and, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ComplaintView } from '../../shared/schemas/complaints.js'
import { InboxPageSchema } from '../../shared/schemas/inbox.js'
import { BulkTriageResultSchema } from '../../shared/schemas/triage.js'
import { SNOOZE_MAX_DAYS } from '../../shared/triage.js'
import { auditEvents, complaintHistory, complaints } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { signInAs, type SignedIn } from '../support/auth.js'
import { makeBrand, makePost } from '../support/factories.js'
import { connectConsole, apiForFile, waitForEvent } from '../support/server.js'
import { waitForAnalysis } from '../support/wait.js'

const file = apiForFile()
let adviser: SignedIn
let agent: SignedIn
let viewer: SignedIn

beforeAll(async () => {
  adviser = await signInAs(file.api.url, file.t.ctx, 'adviser')
  agent = await signInAs(file.api.url, file.t.ctx, 'agent')
  viewer = await signInAs(file.api.url, file.t.ctx, 'viewer')
})

const DAY = 86_400_000

/** A fresh brand with `n` analysed complaints, one thread each, as the Open view lists them. */
async function complaintsOf(n: number) {
  const brand = await makeBrand(file.t.ctx)
  const posts = Array.from({ length: n }, (_, i) =>
    makePost({
      threadId: `t${i}`,
      externalId: `t${i}-root`,
      text: `Kredo dropped my score overnight and support will not answer. Case ${i}.`,
      author: { externalId: `bulk-${i}`, handle: `bulk${i}.example`, followers: 100 * i },
    }),
  )
  const ingested = await ingestPosts(file.t.ctx, { brandId: brand.id, channel: 'import', posts })
  await waitForAnalysis(file.t.ctx, ingested.outboxIds)
  const page = InboxPageSchema.parse(
    (await adviser.get(`/api/brands/${brand.id}/inbox?view=open`)).body,
  )
  expect(page.data).toHaveLength(n)
  return { brand, list: page.data }
}

const rowsOf = (ids: string[]) =>
  file.t.ctx.db
    .select({ id: complaints.id, version: complaints.version, until: complaints.snoozedUntil })
    .from(complaints)
    .where(inArray(complaints.id, ids))

const idsOf = (list: ComplaintView[]) => list.map((c) => c.id).sort()

describe('bulk snooze', () => {
  it('snoozes the complaints that may be, reports the others, and each change is audited and pushed', async () => {
    const { brand, list } = await complaintsOf(4)
    const [fine, alsoFine, ended, stale] = list as [
      ComplaintView,
      ComplaintView,
      ComplaintView,
      ComplaintView,
    ]
    const resolved = await agent.post(`/api/complaints/${ended.id}/transition`, {
      transition: 'resolve',
      version: ended.version,
    })
    // Someone takes `stale` after the console listed it: the console's version is old.
    await agent.put(`/api/complaints/${stale.id}/assignee`, {
      assigneeId: agent.user.id,
      version: stale.version,
    })
    const socket = await connectConsole(
      file.api.url,
      { brandId: brand.id },
      { cookie: adviser.cookie },
    )
    try {
      const pushed = [fine, alsoFine].map((c) =>
        waitForEvent(
          socket,
          'complaint.updated',
          (e) => e.data.id === c.id && !!e.data.snoozedUntil,
        ),
      )
      const until = new Date(Date.now() + 2 * DAY).toISOString()
      const res = await agent.post(`/api/brands/${brand.id}/complaints/bulk`, {
        action: 'snooze',
        until,
        items: [fine, alsoFine, resolved.body.data as ComplaintView, stale].map((c) => ({
          id: c.id,
          version: c.version,
        })),
      })
      expect(res.status).toBe(200)
      const result = BulkTriageResultSchema.parse(res.body).data
      expect(result.slice(0, 2)).toEqual([
        { id: fine.id, ok: true },
        { id: alsoFine.id, ok: true },
      ])
      expect(result[2]).toMatchObject({
        id: ended.id,
        ok: false,
        error: 'A resolved complaint cannot be snoozed',
      })
      expect(result[3]).toMatchObject({ id: stale.id, ok: false })
      expect(result[3]!.error).toContain('Someone changed this complaint first')
      await Promise.all(pushed)

      const after = new Map((await rowsOf(idsOf(list))).map((r) => [r.id, r]))
      for (const c of [fine, alsoFine]) {
        expect(after.get(c.id)!.until?.toISOString()).toBe(until)
        expect(after.get(c.id)!.version).toBe(c.version + 1)
      }
      expect(after.get(ended.id)!.until).toBeNull()
      expect(after.get(stale.id)!.until).toBeNull()
      const snoozed = InboxPageSchema.parse(
        (await agent.get(`/api/brands/${brand.id}/inbox?view=snoozed`)).body,
      )
      expect(idsOf(snoozed.data)).toEqual(idsOf([fine, alsoFine]))

      // The single snooze's own rows: a history row and an audit row for each, none for the rest.
      const audited = await file.t.ctx.db
        .select({ subjectId: auditEvents.subjectId })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, 'complaint.snoozed'),
            inArray(auditEvents.subjectId, idsOf(list)),
          ),
        )
      expect(audited.map((a) => a.subjectId).sort()).toEqual(idsOf([fine, alsoFine]))
      const history = await file.t.ctx.db
        .select({ complaintId: complaintHistory.complaintId })
        .from(complaintHistory)
        .where(
          and(
            eq(complaintHistory.kind, 'snoozed'),
            inArray(complaintHistory.complaintId, idsOf(list)),
          ),
        )
      expect(history.map((h) => h.complaintId).sort()).toEqual(idsOf([fine, alsoFine]))
    } finally {
      socket.close()
    }
  })

  it('refuses a past, too far or missing time with a precise 400, and changes nothing', async () => {
    const { brand, list } = await complaintsOf(2)
    const items = list.map((c) => ({ id: c.id, version: c.version }))
    const bulk = (who: SignedIn, body: object) =>
      who.post(`/api/brands/${brand.id}/complaints/bulk`, { action: 'snooze', items, ...body })
    const tooFar = new Date(Date.now() + (SNOOZE_MAX_DAYS + 1) * DAY).toISOString()
    const cases: Array<[object, string]> = [
      [{ until: '2020-01-01T00:00:00Z' }, 'until: must be in the future'],
      [{ until: tooFar }, `until: must be within ${SNOOZE_MAX_DAYS} days`],
      [{}, 'say until when to snooze'],
      [{ until: 'tomorrow' }, 'must be an ISO time'],
      [{ action: 'resolve', until: tooFar }, 'only a snooze takes a time'],
    ]
    for (const [body, message] of cases) {
      const res = await bulk(agent, body)
      expect(res.status, message).toBe(400)
      expect(res.body.error.code).toBe('invalid_request')
      expect(JSON.stringify(res.body.error), message).toContain(message)
    }
    const forbidden = await bulk(viewer, { until: new Date(Date.now() + DAY).toISOString() })
    expect(forbidden.status).toBe(403)
    for (const row of await rowsOf(idsOf(list))) {
      expect(row.until).toBeNull()
      expect(row.version).toBe(list.find((c) => c.id === row.id)!.version)
    }
  })
})

describe("the inbox's time range", () => {
  it('refuses a range that ends before it starts with a precise 400, and takes an empty one', async () => {
    const { brand } = await complaintsOf(1)
    const from = '2025-03-02T10:00:00Z'
    const to = '2025-03-01T10:00:00Z'
    for (const path of ['inbox', 'inbox/counts']) {
      const res = await agent.get(`/api/brands/${brand.id}/${path}?from=${from}&to=${to}`)
      expect(res.status, path).toBe(400)
      expect(res.body.error.issues).toEqual([{ path: 'from', message: 'must not be after to' }])
    }
    const same = await agent.get(`/api/brands/${brand.id}/inbox?view=open&from=${to}&to=${to}`)
    expect(same.status).toBe(200)
    expect(same.body.data).toEqual([])
    const around = new Date(Date.now() - DAY).toISOString()
    const open = await agent.get(`/api/brands/${brand.id}/inbox?view=open&from=${around}`)
    expect(InboxPageSchema.parse(open.body).data).toHaveLength(1)
  })
})
