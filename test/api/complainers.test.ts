import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ComplainerDetailSchema, ComplainerViewSchema } from '../../shared/schemas/complainers.js'
import { auditEvents, authorReach, authors } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { refreshReach } from '../../server/domain/reach/refresh-reach.js'
import { createApp } from '../../server/http/app.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { signInAs, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { waitForAnalysis } from '../support/wait.js'

let t: TestContext
let workers: WorkersHandle
let adviser: SignedIn
let viewer: SignedIn

beforeAll(async () => {
  t = await createTestContext({ REACH_REFRESH_MS: '0' })
  workers = await startWorkers(t.ctx)
  const app = createApp(t.ctx)
  adviser = await signInAs(app, t.ctx, 'adviser')
  viewer = await signInAs(app, t.ctx, 'viewer')
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
})

const Complainers = (body: { data: unknown[] }) =>
  body.data.map((c) => ComplainerViewSchema.parse(c))

describe('reach per network', () => {
  it('normalises reach within each network and keeps its history', async () => {
    const brand = await makeBrand(t.ctx)
    const u = Math.random().toString(36).slice(2, 8)
    const result = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [
        makePost({
          network: 'hn',
          author: { externalId: `hn-big-${u}`, handle: `big${u}`, karma: 40_000 },
        }),
        makePost({
          network: 'hn',
          author: { externalId: `hn-small-${u}`, handle: `small${u}`, karma: 5 },
        }),
        makePost({
          network: 'x',
          author: { externalId: `x-big-${u}`, handle: `xbig${u}`, followers: 9e6 },
        }),
      ],
    })
    await waitForAnalysis(t.ctx, result.outboxIds)
    // Authors are placed on their network as their posts are scored, before any refresh runs.
    const rows = await t.ctx.db.select().from(authors)
    const byHandle = new Map(rows.map((r) => [r.handle, r]))
    // The biggest Hacker News account tops its own network, whatever X's numbers are.
    expect(byHandle.get(`big${u}`)!.reach!).toBeGreaterThan(byHandle.get(`small${u}`)!.reach!)
    const history = await t.ctx.db
      .select()
      .from(authorReach)
      .where(eq(authorReach.authorId, byHandle.get(`big${u}`)!.id))
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({ network: 'hn', karma: 40_000 })
    // Unchanged signals add no history: the scheduled refresh finds them where they are.
    expect(await refreshReach(t.ctx.db)).toBe(0)
    expect(
      await t.ctx.db
        .select()
        .from(authorReach)
        .where(eq(authorReach.authorId, byHandle.get(`big${u}`)!.id)),
    ).toHaveLength(1)
  })
})

describe('complainers', () => {
  it('ranks authors by complaint impact, links one person across networks (audited, reversible)', async () => {
    const brand = await makeBrand(t.ctx)
    const u = Math.random().toString(36).slice(2, 8)
    const ann = {
      bluesky: { externalId: `ann-bsky-${u}`, handle: `ann${u}.bsky`, followers: 300 },
      x: { externalId: `ann-x-${u}`, handle: `ann${u}_x`, followers: 800 },
    }
    const result = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [
        makePost({ network: 'bluesky', author: ann.bluesky }),
        makePost({ network: 'bluesky', author: ann.bluesky }),
        makePost({ network: 'x', author: ann.x }),
        makePost({
          network: 'x',
          author: { externalId: `bob-${u}`, handle: `bob${u}`, followers: 50 },
        }),
        makePost({
          network: 'x',
          author: { externalId: `cat-${u}`, handle: `cat${u}` },
          text: 'I love Kredo, great work!',
        }),
      ],
    })
    await waitForAnalysis(t.ctx, result.outboxIds)
    await refreshReach(t.ctx.db)

    const before = Complainers(
      (await viewer.get(`/api/brands/${brand.id}/complainers?days=7`)).body,
    )
    expect(before.map((c) => [c.accounts.map((a) => a.handle), c.complaints])).toEqual(
      expect.arrayContaining([
        [[ann.bluesky.handle], 2],
        [[ann.x.handle], 1],
        [[`bob${u}`], 1],
      ]),
    )
    expect(before).toHaveLength(3) // the praise is not a complaint
    expect(before[0]!.impact).toBeGreaterThanOrEqual(before[1]!.impact)

    const ids = before
      .flatMap((c) => c.accounts)
      .filter((a) => a.handle.startsWith(`ann${u}`))
      .map((a) => a.authorId)
    expect((await viewer.post('/api/people/links', { authorIds: ids })).status).toBe(403)
    const linked = await adviser.post('/api/people/links', { authorIds: ids, name: 'Ann' })
    expect(linked.status).toBe(200)

    const after = Complainers((await viewer.get(`/api/brands/${brand.id}/complainers`)).body)
    expect(after).toHaveLength(2)
    const person = after.find((c) => c.personId)!
    expect(person).toMatchObject({ name: 'Ann', complaints: 3, key: linked.body.data.key })
    expect(person.accounts.map((a) => a.network).sort()).toEqual(['bluesky', 'x'])
    const annBefore = before.filter((c) => c.accounts[0]!.handle.startsWith(`ann${u}`))
    expect(person.impact).toBeCloseTo(
      annBefore.reduce((s, c) => s + c.impact, 0),
      1,
    )

    const detail = ComplainerDetailSchema.parse(
      (await viewer.get(`/api/brands/${brand.id}/complainers/${person.key}`)).body.data,
    )
    expect(detail.posts).toHaveLength(3)
    expect(detail.threads.open).toBe(3)
    expect(detail.reachHistory.length).toBeGreaterThanOrEqual(2)

    expect((await adviser.delete(`/api/authors/${ids[0]}/link`)).status).toBe(204)
    expect(
      Complainers((await viewer.get(`/api/brands/${brand.id}/complainers`)).body),
    ).toHaveLength(3)
    const audit = await t.ctx.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.subjectType, 'person'), eq(auditEvents.subjectId, person.personId!)),
      )
    expect(audit.map((a) => a.action).sort()).toEqual(['author.linked', 'author.unlinked'])
  })
})
