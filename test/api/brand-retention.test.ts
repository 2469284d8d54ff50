import { and, eq } from 'drizzle-orm'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrandViewSchema } from '../../shared/schemas/brands.js'
import { auditEvents } from '../../server/db/schema.js'
import { createApp } from '../../server/http/app.js'
import { signInAs, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand } from '../support/factories.js'

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

describe('PATCH /api/brands/:brandId retention', () => {
  it('shows the defaults, refuses bad values by field, and audits a change', async () => {
    const brand = await makeBrand(t.ctx)
    const path = `/api/brands/${brand.id}`
    const listed = await admin.get('/api/brands')
    const view = BrandViewSchema.parse(
      listed.body.data.find((b: { id: string }) => b.id === brand.id),
    )
    expect(view).toMatchObject({ postRetentionDays: null, rollupRetentionDays: 730 })

    expect((await adviser.patch(path, { postRetentionDays: 90 })).status).toBe(403)
    for (const [body, issue] of [
      [{ postRetentionDays: 0 }, { path: 'postRetentionDays', message: 'must be at least 1 day' }],
      [
        { postRetentionDays: 3651 },
        { path: 'postRetentionDays', message: 'must be at most 3650 days' },
      ],
      [
        { postRetentionDays: 1.5 },
        { path: 'postRetentionDays', message: 'must be a whole number of days' },
      ],
      [
        { postRetentionDays: '90' },
        { path: 'postRetentionDays', message: 'must be a number of days' },
      ],
      [
        { rollupRetentionDays: 29 },
        { path: 'rollupRetentionDays', message: 'must be at least 30 days' },
      ],
      [
        { rollupRetentionDays: null },
        { path: 'rollupRetentionDays', message: 'must be a number of days' },
      ],
    ] as const) {
      const res = await admin.patch(path, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.error.issues).toEqual([issue])
    }

    const set = await admin.patch(path, { postRetentionDays: 90, rollupRetentionDays: 365 })
    expect(set.status).toBe(200)
    expect(BrandViewSchema.parse(set.body.data)).toMatchObject({
      postRetentionDays: 90,
      rollupRetentionDays: 365,
    })
    const keep = await admin.patch(path, { postRetentionDays: null })
    expect(keep.body.data).toMatchObject({ postRetentionDays: null, rollupRetentionDays: 365 })

    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'brand.updated'), eq(auditEvents.subjectId, brand.id)))
      .orderBy(auditEvents.id)
    expect(audits.map((a) => [a.before, a.after])).toEqual([
      [
        expect.objectContaining({ postRetentionDays: null, rollupRetentionDays: 730 }),
        expect.objectContaining({ postRetentionDays: 90, rollupRetentionDays: 365 }),
      ],
      [
        expect.objectContaining({ postRetentionDays: 90 }),
        expect.objectContaining({ postRetentionDays: null }),
      ],
    ])
    expect(audits[0]!.actorId).toBe(admin.user.id)
  })
})
