import { and, eq } from 'drizzle-orm'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CannedResponseViewSchema } from '../../shared/schemas/canned-responses.js'
import { DraftSummarySchema, DraftViewSchema } from '../../shared/schemas/drafts.js'
import { auditEvents, replies, replyDrafts } from '../../server/db/schema.js'
import { createApp } from '../../server/http/app.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand } from '../support/factories.js'
import { FakeBluesky } from '../support/fake-networks.js'
import { complaintOn } from '../support/replies.js'
import { connectConsole, startApiServer } from '../support/server.js'
import { waitFor } from '../support/wait.js'

let t: TestContext
let app: Express
let workers: WorkersHandle
let admin: SignedIn
let adviser: SignedIn
let agent: SignedIn
let agent2: SignedIn
let viewer: SignedIn
const bluesky = new FakeBluesky()

beforeAll(async () => {
  await bluesky.start()
  t = await createTestContext({ SSRF_ALLOWLIST: '127.0.0.1', REPLY_POLL_MS: '50' })
  app = createApp(t.ctx)
  workers = await startWorkers(t.ctx)
  admin = await signIn(app, await makeUser(t.ctx, 'admin'))
  adviser = await signIn(app, await makeUser(t.ctx, 'adviser'))
  agent = await signIn(app, await makeUser(t.ctx, 'agent'))
  agent2 = await signIn(app, await makeUser(t.ctx, 'agent'))
  viewer = await signIn(app, await makeUser(t.ctx, 'viewer'))
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
  await bluesky.close()
})

const auditOf = (id: string) =>
  t.ctx.db.select().from(auditEvents).where(eq(auditEvents.subjectId, id))

describe('canned responses', () => {
  it('are written by advisers and admins, read by those who reply, and audited', async () => {
    const brand = await makeBrand(t.ctx)
    const path = `/api/brands/${brand.id}/canned-responses`
    const body = {
      title: 'Sorry, looking into it',
      body: 'Hi {{author.name}}, {{ brand.name }} is on it.',
      shortcut: 'sorry',
    }
    expect((await agent.post(path, body)).status).toBe(403)
    expect((await viewer.post(path, body)).status).toBe(403)
    expect((await viewer.get(path)).status).toBe(403)

    const created = await adviser.post(path, body)
    expect(created.status).toBe(201)
    const view = CannedResponseViewSchema.parse(created.body.data)
    expect(view).toMatchObject({ ...body, brandId: brand.id })
    expect(view.updatedBy?.id).toBe(adviser.user.id)

    const listed = await agent.get(path)
    expect(listed.status).toBe(200)
    expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([view.id])

    const one = `/api/canned-responses/${view.id}`
    expect((await agent.patch(one, { title: 'x' })).status).toBe(403)
    const patched = await admin.patch(one, { title: 'Apology', shortcut: null })
    expect(patched.status).toBe(200)
    expect(patched.body.data).toMatchObject({ title: 'Apology', shortcut: null, body: body.body })

    expect((await agent.delete(one)).status).toBe(403)
    expect((await adviser.delete(one)).status).toBe(204)
    expect((await adviser.delete(one)).status).toBe(404)
    expect((await agent.get(path)).body.data).toEqual([])

    const audit = await auditOf(view.id)
    expect(audit.map((a) => a.action).sort()).toEqual([
      'canned_response.created',
      'canned_response.deleted',
      'canned_response.updated',
    ])
    const updated = audit.find((a) => a.action === 'canned_response.updated')!
    expect(updated.before).toMatchObject({ title: body.title, shortcut: 'sorry' })
    expect(updated.after).toMatchObject({ title: 'Apology', shortcut: null })
  })

  it('refuse an unknown variable, naming it, and bad input field by field', async () => {
    const brand = await makeBrand(t.ctx)
    const path = `/api/brands/${brand.id}/canned-responses`
    const res = await adviser.post(path, {
      title: 'Email',
      body: 'Write to {{author.email}} or {{ author.phone }}, {{author.name}}',
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('invalid_request')
    expect(res.body.error.issues).toEqual([
      {
        path: 'body',
        message:
          '{{author.email}}, {{ author.phone }} are not variables Firebreak fills; use {{author.name}}, {{author.handle}}, {{brand.name}}',
      },
    ])
    const bad = await adviser.post(path, { title: ' ', body: '', shortcut: 'Has Space' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'body',
      'shortcut',
      'title',
    ])
    expect((await adviser.post(`/api/brands/not-a-uuid/canned-responses`, {})).status).toBe(400)
    const nowhere = '/api/brands/00000000-0000-4000-8000-000000000000/canned-responses'
    expect((await adviser.post(nowhere, { title: 'a', body: 'b' })).status).toBe(404)

    const ok = await adviser.post(path, { title: 'Thanks', body: 'Thanks!', shortcut: 'thanks' })
    expect(ok.status).toBe(201)
    const patch = await adviser.patch(`/api/canned-responses/${ok.body.data.id}`, {
      body: 'Hi {{brand.slug}}',
    })
    expect(patch.status).toBe(400)
    expect(patch.body.error.issues[0].message).toMatch(/^\{\{brand\.slug\}\} is not a variable/)
    expect((await adviser.patch(`/api/canned-responses/${ok.body.data.id}`, {})).status).toBe(400)

    // A shortcut names one canned response per brand; another brand may reuse it.
    const taken = await adviser.post(path, { title: 'Other', body: 'x', shortcut: 'thanks' })
    expect(taken.status).toBe(409)
    expect(taken.body.error.message).toBe(
      `The shortcut /thanks is already "Thanks"'s; choose another`,
    )
    const other = await makeBrand(t.ctx)
    const reuse = await adviser.post(`/api/brands/${other.id}/canned-responses`, {
      title: 'Thanks',
      body: 'x',
      shortcut: 'thanks',
    })
    expect(reuse.status).toBe(201)
  })
})

describe('replies with variables', () => {
  it('refuse a reply still holding a placeholder, naming it, and send nothing', async () => {
    const { complaint } = await complaintOn(t.ctx, 'bluesky', {
      fake: bluesky,
      adminId: admin.user.id,
    })
    const path = `/api/complaints/${complaint.id}/replies`
    const unknown = await agent.post(path, { text: 'Hi {{author.email}}, sorry!' })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.issues).toEqual([
      {
        path: 'text',
        message:
          'The reply still holds {{author.email}}: {{author.email}} is not a variable Firebreak fills; replace it with the words to send',
      },
    ])
    const unfilled = await agent.post(path, { text: 'Hi {{author.name}}' })
    expect(unfilled.status).toBe(400)
    expect(unfilled.body.error.issues[0].message).toContain('{{author.name}} was not filled in')
    const rows = await t.ctx.db.select().from(replies).where(eq(replies.complaintId, complaint.id))
    expect(rows).toEqual([])
    expect(bluesky.posts).toHaveLength(0)
  })
})

describe('drafts', () => {
  it('are saved per author, restored, shown to the team by name, and deleted when sent', async () => {
    const { complaint } = await complaintOn(t.ctx, 'bluesky', {
      fake: bluesky,
      adminId: admin.user.id,
    })
    const mine = `/api/complaints/${complaint.id}/drafts/mine`
    expect((await agent.get(mine)).body).toEqual({ data: null })
    expect((await viewer.put(mine, { text: 'x' })).status).toBe(403)
    expect((await viewer.get(`/api/complaints/${complaint.id}/drafts`)).status).toBe(403)

    const saved = await agent.put(mine, { text: 'Hello, we are' })
    expect(saved.status).toBe(200)
    expect(DraftViewSchema.parse(saved.body.data).text).toBe('Hello, we are')
    await agent.put(mine, { text: 'Hello, we are on it' })
    await agent2.put(mine, { text: 'Another take' })
    expect((await agent.get(mine)).body.data.text).toBe('Hello, we are on it')
    expect((await agent2.get(mine)).body.data.text).toBe('Another take')

    const team = await adviser.get(`/api/complaints/${complaint.id}/drafts`)
    expect(team.status).toBe(200)
    const drafters = team.body.data.map((d: unknown) => DraftSummarySchema.parse(d))
    expect(drafters.map((d: { author: { id: string } }) => d.author.id).sort()).toEqual(
      [agent.user.id, agent2.user.id].sort(),
    )
    expect(JSON.stringify(team.body)).not.toContain('on it')

    const sent = await agent.post(`/api/complaints/${complaint.id}/replies`, {
      text: 'Hello, we are on it',
    })
    expect(sent.status).toBe(202)
    expect((await agent.get(mine)).body.data).toBeNull()
    // Only the sender's draft goes; a colleague's stays theirs.
    const left = await t.ctx.db
      .select()
      .from(replyDrafts)
      .where(eq(replyDrafts.complaintId, complaint.id))
    expect(left.map((d) => d.authorId)).toEqual([agent2.user.id])

    // An empty text deletes; bad input is a 400; an unknown complaint a 404.
    expect((await agent2.put(mine, { text: '  ' })).body.data).toBeNull()
    expect(
      await t.ctx.db
        .select()
        .from(replyDrafts)
        .where(and(eq(replyDrafts.complaintId, complaint.id))),
    ).toEqual([])
    expect((await agent.put(mine, { text: 42 })).status).toBe(400)
    expect((await agent.put(mine, { text: 'x'.repeat(40_001) })).status).toBe(400)
    const nowhere = '/api/complaints/00000000-0000-4000-8000-000000000000/drafts/mine'
    expect((await agent.put(nowhere, { text: 'x' })).status).toBe(404)
  })

  it('are announced live to the team: saved by whom, then gone once sent', async () => {
    const api = await startApiServer(t)
    try {
      const { brand, complaint } = await complaintOn(t.ctx, 'bluesky', {
        fake: bluesky,
        adminId: admin.user.id,
      })
      const watcher = await signIn(api.url, adviser.user)
      const writer = await signIn(api.url, agent.user)
      const socket = await connectConsole(
        api.url,
        { brandId: brand.id },
        { cookie: watcher.cookie },
      )
      // Viewers (leadership) never learn who drafts what.
      const onlooker = await signIn(api.url, viewer.user)
      const viewerSocket = await connectConsole(
        api.url,
        { brandId: brand.id },
        { cookie: onlooker.cookie },
      )
      const seenByViewer: unknown[] = []
      ;(viewerSocket as unknown as { on(n: string, f: (d: unknown) => void): void }).on(
        'draft.changed',
        (d) => seenByViewer.push(d),
      )
      type Changed = { complaintId: string; author: { name: string }; updatedAt: string | null }
      const changed = (saved: boolean) =>
        waitFor<Changed>(
          socket as never,
          'draft.changed',
          (d) => d.complaintId === complaint.id && (d.updatedAt !== null) === saved,
          5000,
        )
      const savedPush = changed(true)
      await writer.put(`/api/complaints/${complaint.id}/drafts/mine`, { text: 'On it' })
      expect((await savedPush).author.name).toBe(agent.user.name)
      const gonePush = changed(false)
      await writer.post(`/api/complaints/${complaint.id}/replies`, { text: 'On it' })
      expect((await gonePush).author.name).toBe(agent.user.name)
      expect(seenByViewer).toEqual([])
      viewerSocket.close()
      socket.close()
    } finally {
      await api.close()
    }
  })
})
