import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { InboxPageSchema } from '../../shared/schemas/inbox.js'
import { NotificationListSchema } from '../../shared/schemas/notifications.js'
import {
  DEFAULT_SLA_TARGETS,
  priorityBand,
  SlaTargetsViewSchema,
  slaUrgency,
  type SlaTargets,
} from '../../shared/sla.js'
import { auditEvents, complaints, slaBreaches } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { runSlaTimers } from '../../workers/sla-timers.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { makeBrand, makePost } from '../support/factories.js'
import { apiForFile } from '../support/server.js'
import { waitForAnalysis } from '../support/wait.js'

const file = apiForFile()
let admin: SignedIn
let adviser: SignedIn
let adviser2: SignedIn
let agent: SignedIn
let viewer: SignedIn

beforeAll(async () => {
  const url = file.api.url
  admin = await signIn(url, await makeUser(file.t.ctx, 'admin'))
  adviser = await signIn(url, await makeUser(file.t.ctx, 'adviser'))
  adviser2 = await signIn(url, await makeUser(file.t.ctx, 'adviser'))
  agent = await signIn(url, await makeUser(file.t.ctx, 'agent'))
  viewer = await signIn(url, await makeUser(file.t.ctx, 'viewer'))
})

/** Tight targets, every band its own, so a test can tell which one applied. */
const TIGHT: SlaTargets = {
  critical: { firstMinutes: 15, nextMinutes: 15 },
  high: { firstMinutes: 30, nextMinutes: 20 },
  medium: { firstMinutes: 45, nextMinutes: 30 },
  low: { firstMinutes: 60, nextMinutes: 40 },
}

async function oneComplaint() {
  const brand = await makeBrand(file.t.ctx)
  const ingested = await ingestPosts(file.t.ctx, {
    brandId: brand.id,
    channel: 'import',
    posts: [makePost()],
  })
  await waitForAnalysis(file.t.ctx, ingested.outboxIds)
  const [row] = await file.t.ctx.db
    .select()
    .from(complaints)
    .where(eq(complaints.brandId, brand.id))
  return { brand, complaint: row! }
}

const MINUTE = 60_000

describe('response targets', () => {
  it('are read by the team, set by advisers and admins, and audited', async () => {
    const { brand } = await oneComplaint()
    const path = `/api/brands/${brand.id}/sla-targets`
    const initial = SlaTargetsViewSchema.parse((await agent.get(path)).body.data)
    expect(initial).toEqual({ brandId: brand.id, targets: DEFAULT_SLA_TARGETS, isDefault: true })
    expect((await viewer.get(path)).status).toBe(403)
    expect((await agent.put(path, { targets: TIGHT })).status).toBe(403)
    expect((await viewer.put(path, { targets: TIGHT })).status).toBe(403)
    const put = await adviser.put(path, { targets: TIGHT })
    expect(put.status).toBe(200)
    expect(put.body.data).toEqual({ brandId: brand.id, targets: TIGHT, isDefault: false })
    expect((await admin.put(path, { targets: TIGHT })).status).toBe(200)
    const audit = await file.t.ctx.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'brand.sla_targets_changed'),
          eq(auditEvents.subjectId, brand.id),
        ),
      )
    expect(audit).toHaveLength(2)
    expect(audit[0]).toMatchObject({
      actorId: adviser.user.id,
      before: { targets: null },
      after: { targets: TIGHT },
    })
  })

  it('refuses targets that make no sense, saying where', async () => {
    const { brand } = await oneComplaint()
    const path = `/api/brands/${brand.id}/sla-targets`
    const cases: Array<[unknown, string, string]> = [
      [
        { ...TIGHT, critical: { firstMinutes: 5, nextMinutes: 15 } },
        'targets.critical.firstMinutes',
        'at least 15 minutes',
      ],
      [
        { ...TIGHT, low: { firstMinutes: 60 * 24 * 31, nextMinutes: 40 } },
        'targets.low.firstMinutes',
        'at most 43200 minutes',
      ],
      [
        { ...TIGHT, high: { firstMinutes: 30.5, nextMinutes: 20 } },
        'targets.high.firstMinutes',
        'whole minutes',
      ],
      [
        { ...TIGHT, critical: { firstMinutes: 90, nextMinutes: 15 } },
        'targets.critical.firstMinutes',
        "must not be longer than the high band's (30 minutes)",
      ],
      [{ critical: TIGHT.critical }, 'targets.high', ''],
    ]
    for (const [targets, where, message] of cases) {
      const res = await adviser.put(path, { targets })
      expect(res.status, where).toBe(400)
      const issue = res.body.error.issues.find((i: { path: string }) => i.path === where)
      expect(issue, JSON.stringify(res.body.error.issues)).toBeDefined()
      expect(issue.message).toContain(message)
    }
    expect((await adviser.get(path)).body.data.isDefault).toBe(true)
  })
})

describe('time left', () => {
  it('shows every open complaint its deadline by band, in the inbox and the thread', async () => {
    const { brand, complaint } = await oneComplaint()
    const band = priorityBand(complaint.basePriority)
    const inbox = async () =>
      InboxPageSchema.parse((await agent.get(`/api/brands/${brand.id}/inbox?view=open`)).body)
        .data[0]!
    const due = (minutes: number) =>
      new Date(complaint.firstSeenAt.getTime() + minutes * MINUTE).toISOString()
    expect((await inbox()).sla).toEqual({
      kind: 'first',
      band,
      targetMinutes: DEFAULT_SLA_TARGETS[band].firstMinutes,
      since: complaint.firstSeenAt.toISOString(),
      dueAt: due(DEFAULT_SLA_TARGETS[band].firstMinutes),
    })
    await adviser.put(`/api/brands/${brand.id}/sla-targets`, { targets: TIGHT })
    const tight = (await inbox()).sla!
    expect(tight.dueAt).toBe(due(TIGHT[band].firstMinutes))
    const thread = await viewer.get(`/api/complaints/${complaint.id}/thread`)
    expect(thread.body.data.complaint.sla).toEqual(tight)
    // The console's colours: over half left, under a quarter, past it.
    const start = complaint.firstSeenAt.getTime()
    const target = TIGHT[band].firstMinutes * MINUTE
    expect(slaUrgency(tight, start + 0.1 * target)).toBe('ok')
    expect(slaUrgency(tight, start + 0.6 * target)).toBe('soon')
    expect(slaUrgency(tight, start + 0.8 * target)).toBe('urgent')
    expect(slaUrgency(tight, start + target)).toBe('breached')
    // Waiting on the author, or ended: nothing is owed.
    const waited = await agent.post(`/api/complaints/${complaint.id}/transition`, {
      version: complaint.version,
      transition: 'wait',
    })
    expect(waited.status).toBe(200)
    expect(waited.body.data.sla).toBeNull()
  })
})

describe('a breach', () => {
  it('is recorded once by the housekeeping pass and tells the owner and the advisers', async () => {
    const { brand, complaint } = await oneComplaint()
    await adviser.put(`/api/brands/${brand.id}/sla-targets`, { targets: TIGHT })
    const assigned = await adviser.put(`/api/complaints/${complaint.id}/assignee`, {
      assigneeId: agent.user.id,
      version: complaint.version,
    })
    expect(assigned.status).toBe(200)
    const band = priorityBand(complaint.basePriority)
    const dueAt = complaint.firstSeenAt.getTime() + TIGHT[band].firstMinutes * MINUTE
    const breaches = () =>
      file.t.ctx.db.select().from(slaBreaches).where(eq(slaBreaches.complaintId, complaint.id))
    const slaNotes = async (who: SignedIn) =>
      NotificationListSchema.parse((await who.get('/api/notifications')).body).data.filter(
        (n) => n.kind === 'sla_breached' && n.complaintId === complaint.id,
      )

    await runSlaTimers(file.t.ctx, new Date(dueAt - MINUTE))
    expect(await breaches()).toHaveLength(0)

    await runSlaTimers(file.t.ctx, new Date(dueAt + MINUTE))
    await runSlaTimers(file.t.ctx, new Date(dueAt + 2 * MINUTE))
    const rows = await breaches()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      kind: 'first',
      band,
      targetMinutes: TIGHT[band].firstMinutes,
      dueAt: new Date(dueAt),
      clockFrom: complaint.firstSeenAt,
    })
    for (const who of [agent, adviser, adviser2]) expect(await slaNotes(who)).toHaveLength(1)
    expect(await slaNotes(admin)).toHaveLength(0)

    // Answered, then the author posted again: the next answer's clock breaches on its own.
    const followUpAt = new Date(dueAt + 10 * MINUTE)
    await file.t.ctx.db
      .update(complaints)
      .set({ firstResponseAt: new Date(dueAt + 5 * MINUTE), nextResponseFrom: followUpAt })
      .where(eq(complaints.id, complaint.id))
    const nextDue = followUpAt.getTime() + TIGHT[band].nextMinutes * MINUTE
    await runSlaTimers(file.t.ctx, new Date(nextDue - MINUTE))
    expect(await breaches()).toHaveLength(1)
    await runSlaTimers(file.t.ctx, new Date(nextDue))
    await runSlaTimers(file.t.ctx, new Date(nextDue + MINUTE))
    const next = (await breaches()).filter((b) => b.kind === 'next')
    expect(next).toHaveLength(1)
    expect(next[0]!.dueAt).toEqual(new Date(nextDue))
    expect(await slaNotes(agent)).toHaveLength(2)
    expect(await slaNotes(adviser)).toHaveLength(2)
  })

  it('is not recorded for complaints that owe nothing', async () => {
    const { complaint } = await oneComplaint()
    const waited = await agent.post(`/api/complaints/${complaint.id}/transition`, {
      version: complaint.version,
      transition: 'resolve',
    })
    expect(waited.status).toBe(200)
    await runSlaTimers(
      file.t.ctx,
      new Date(complaint.firstSeenAt.getTime() + 400 * 24 * 60 * MINUTE),
    )
    const rows = await file.t.ctx.db
      .select()
      .from(slaBreaches)
      .where(eq(slaBreaches.complaintId, complaint.id))
    expect(rows).toHaveLength(0)
  })
})
