import { and, eq } from 'drizzle-orm'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrandViewSchema, howWeRankPath } from '../../shared/schemas/brands.js'
import {
  ScoringVersionListSchema,
  ScoringVersionViewSchema,
} from '../../shared/schemas/scoring-config.js'
import { PRIORITY_3_CONFIG } from '../../shared/scoring/defaults.js'
import { describeRanking, type RankingDescription } from '../../shared/scoring/describe.js'
import { auditEvents } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { createApp } from '../../server/http/app.js'
import { escapeHtml } from '../../server/lib/html.js'
import { signInAs, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'

let t: TestContext
let app: Express
let admin: SignedIn
let adviser: SignedIn

beforeAll(async () => {
  t = await createTestContext()
  app = createApp(t.ctx)
  admin = await signInAs(app, t.ctx, 'admin')
  adviser = await signInAs(app, t.ctx, 'adviser')
})
afterAll(() => t?.close())

const HOSTILE_CHANGELOG =
  'Reach no longer counts.\n<script>alert("owned")</script> & <img src=x onerror=alert(1)> "quoted"'

/** The ranking as the console's How we rank page generates it, from the versions API. */
async function consoleRanking(): Promise<RankingDescription> {
  const versions = ScoringVersionListSchema.parse(
    (await adviser.get('/api/scoring/versions')).body,
  ).data
  return describeRanking(versions)!
}

const publicPage = (slug: string) => request(app).get(howWeRankPath(slug))

/** Every part of the generated text is on the page, escaped, in the console's order. */
function expectSameText(body: string, ranking: RankingDescription) {
  const parts = [
    ranking.title,
    ranking.intro,
    ...ranking.factors.flatMap((f) => [f.title, `(up to ${f.weight})`, f.text]),
    ranking.fairness,
    ...ranking.changelog.flatMap((entry) => [entry.title, entry.text]),
  ]
  let at = 0
  for (const part of parts) {
    const found = body.indexOf(escapeHtml(part), at)
    expect(found, `"${part}" on the page, in order`).toBeGreaterThanOrEqual(at)
    at = found
  }
}

describe('the public "How we rank" page', () => {
  it('is off by default: 404, the same for an unknown brand, and says why', async () => {
    const brand = await makeBrand(t.ctx)
    for (const slug of [brand.slug, 'no-such-brand', '..%2F..%2Fetc']) {
      const res = await publicPage(slug)
      expect(res.status).toBe(404)
      expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/)
      expect(res.text).toMatch(/has not chosen to publish how it ranks complaints/)
      expect(res.text).not.toContain(brand.name)
    }
  })

  it('is published by an admin only (audited), then serves the live ranking and nothing else', async () => {
    const brand = await makeBrand(t.ctx, 'Kredo')
    // A complaint of the brand, whose text and author must never reach the public page.
    await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [
        makePost({
          text: 'Kredo SECRET-COMPLAINT-TEXT my score dropped, terrible.',
          author: { externalId: 'a1', handle: 'private-author.example', followers: 10 },
        }),
      ],
    })

    const refused = await adviser.patch(`/api/brands/${brand.id}`, { howWeRankPublic: true })
    expect(refused.status).toBe(403)
    const bad = await admin.patch(`/api/brands/${brand.id}`, { howWeRankPublic: 'yes' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues).toEqual([
      { path: 'howWeRankPublic', message: 'must be true or false' },
    ])

    const on = await admin.patch(`/api/brands/${brand.id}`, { howWeRankPublic: true })
    expect(on.status).toBe(200)
    expect(BrandViewSchema.parse(on.body.data)).toMatchObject({ howWeRankPublic: true })
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'brand.updated'), eq(auditEvents.subjectId, brand.id)))
    expect(audit).toMatchObject({
      actorId: admin.user.id,
      before: { howWeRankPublic: false },
      after: { howWeRankPublic: true },
    })

    const res = await publicPage(brand.slug)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/)
    expect(res.headers['cache-control']).toBe('no-cache')
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/)
    expectSameText(res.text, await consoleRanking())
    expect(res.text).toContain('How Kredo ranks complaints')
    expect(res.text).toMatch(/How we rank complaints \(version 3, priority-3\)/)

    // Nothing else: no complaint, author, user, id or secret.
    for (const leak of [
      'SECRET-COMPLAINT-TEXT',
      'private-author',
      admin.user.email,
      admin.user.id,
      brand.id,
      'publishedBy',
      'whsec_',
    ])
      expect(res.text).not.toContain(leak)
    expect(res.text).not.toMatch(/<script/i)

    // The stylesheet it links is served, without a session.
    const css = await request(app).get('/public/how-we-rank.css')
    expect(css.status).toBe(200)
    expect(css.headers['content-type']).toMatch(/^text\/css/)
  })

  it('follows a new scoring version, escapes a hostile changelog, and goes away when unpublished', async () => {
    const brand = await makeBrand(t.ctx, 'Acme')
    const on = await admin.patch(`/api/brands/${brand.id}`, {
      name: 'Acme <Corp> & "Sons"',
      howWeRankPublic: true,
    })
    expect(on.status).toBe(200)
    const before = await publicPage(brand.slug)
    expect(before.text).toContain('The author&#39;s reach')
    expect(before.text).toContain('How Acme &lt;Corp&gt; &amp; &quot;Sons&quot; ranks complaints')

    const saved = await adviser.put('/api/scoring/draft', {
      config: { ...PRIORITY_3_CONFIG, weights: { ...PRIORITY_3_CONFIG.weights, reach: 0 } },
    })
    const draft = ScoringVersionViewSchema.parse(saved.body.data)
    // A draft is nobody's business until it is published.
    expect((await publicPage(brand.slug)).text).toBe(before.text)
    const published = await adviser.post(`/api/scoring/versions/${draft.id}/publish`, {
      changelog: HOSTILE_CHANGELOG,
    })
    expect(published.status).toBe(200)

    const after = await publicPage(brand.slug)
    expect(after.status).toBe(200)
    const ranking = await consoleRanking()
    expect(ranking.title).toBe(`How we rank complaints (version ${draft.number}, ${draft.key})`)
    expectSameText(after.text, ranking)
    expect(after.text).not.toContain('The author&#39;s reach')
    expect(after.text).toContain(
      'Reach no longer counts.\n&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;',
    )
    expect(after.text).not.toMatch(/<script|<img/i)

    expect((await admin.patch(`/api/brands/${brand.id}`, { howWeRankPublic: false })).status).toBe(
      200,
    )
    expect((await publicPage(brand.slug)).status).toBe(404)
  })
})
