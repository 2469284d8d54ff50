import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../server/db/rows.js'
import { updateBrand } from '../../server/domain/brands/update-brand.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { analyzePosts } from '../../workers/processors/analyze-posts.js'
import { runRetention } from '../../workers/retention-timers.js'
import { makeUser } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { rawRollups, storedRollups, themeOf } from '../support/rollups-raw.js'

let t: TestContext
beforeAll(async () => {
  t = await createTestContext()
})
afterAll(() => t?.close())

const DAY = 86_400_000
const COMPLAINT =
  'My Kredo score dropped from 69 to 35 overnight and support will not answer. Terrible.'
const CHATTER = 'Kredo published its quarterly numbers today.'

async function ingestAnalysed(brandId: string, posts: ReturnType<typeof makePost>[]) {
  const ingested = await ingestPosts(t.ctx, { brandId, channel: 'import', posts })
  for (const outboxId of ingested.outboxIds) await analyzePosts(t.ctx, { outboxId })
}

const externalIds = async (brandId: string) =>
  (
    await queryRows<{ external_id: string }>(
      t.ctx.db,
      sql`select external_id from posts where brand_id = ${brandId}::uuid order by external_id`,
    )
  ).map((r) => r.external_id)

describe('retention', () => {
  it('deletes expired raw posts with their rows, keeps open threads and case records, and the rollups stay', async () => {
    const brand = await makeBrand(t.ctx)
    const admin = await makeUser(t.ctx, 'admin')
    const old = (days: number) => new Date(Date.now() - days * DAY).toISOString()
    await ingestAnalysed(brand.id, [
      makePost({ externalId: 'old-chatter', text: CHATTER, postedAt: old(10) }),
      makePost({ externalId: 'new-chatter', text: CHATTER, postedAt: old(1) }),
      makePost({ externalId: 'open-lead', threadId: 'open', text: COMPLAINT, postedAt: old(10) }),
      makePost({
        externalId: 'closed-lead',
        threadId: 'closed',
        text: COMPLAINT,
        postedAt: old(10),
      }),
      makePost({
        externalId: 'closed-reply',
        threadId: 'closed',
        inReplyTo: 'closed-lead',
        text: COMPLAINT,
        postedAt: old(9),
      }),
    ])
    // The closed thread ended long ago; the open one is still being worked.
    await t.ctx.db.execute(
      sql`update complaints set state = 'resolved', last_activity_at = ${old(9)}::timestamptz
          where brand_id = ${brand.id}::uuid and thread_key = 'closed'`,
    )
    const theme = await themeOf(t.ctx.db, brand.id, 'score dropped')
    await t.ctx.db.execute(
      sql`insert into post_themes (post_id, brand_id, theme_id)
          select id, brand_id, ${theme}::uuid from posts
          where brand_id = ${brand.id}::uuid and text = ${COMPLAINT}`,
    )
    const before = await storedRollups(t.ctx.db, brand.id)
    expect(before.cells).toEqual(await rawRollups(t.ctx.db, brand.id))

    await updateBrand(t.ctx, {
      brandId: brand.id,
      postRetentionDays: 7,
      actorId: admin.id,
      ip: null,
    })
    const swept = await runRetention(t.ctx)
    expect(swept).toMatchObject({ posts: 2, backlog: false })

    expect(await externalIds(brand.id)).toEqual([
      'closed-lead', // the resolved complaint's record keeps its lead
      'new-chatter',
      'open-lead', // an active thread keeps its posts
    ])
    const [left] = await queryRows<{ analyses: number; scores: number; themes: number }>(
      t.ctx.db,
      sql`select (select count(*)::int from analyses a join posts p on p.id = a.post_id
                  where p.brand_id = ${brand.id}::uuid) as analyses,
                 (select count(*)::int from post_themes where brand_id = ${brand.id}::uuid) as themes,
                 (select count(*)::int from scores s where not exists (
                    select 1 from posts p where p.id = s.post_id)) as scores`,
    )
    expect(left).toEqual({ analyses: 3, themes: 2, scores: 0 })
    // Every count, theme included, is what it was: the rollups remember the expired posts.
    expect(await storedRollups(t.ctx.db, brand.id)).toEqual(before)
    expect(await runRetention(t.ctx)).toMatchObject({ posts: 0 })
  })

  it('drops rollups past the rollup retention, minute rows sooner', async () => {
    const brand = await makeBrand(t.ctx)
    const admin = await makeUser(t.ctx, 'admin')
    const old = (days: number) => new Date(Date.now() - days * DAY).toISOString()
    await ingestAnalysed(brand.id, [
      makePost({ text: CHATTER, postedAt: old(100) }),
      makePost({ text: CHATTER, postedAt: old(40) }),
      makePost({ text: CHATTER, postedAt: old(2) }),
    ])
    await updateBrand(t.ctx, {
      brandId: brand.id,
      rollupRetentionDays: 60,
      actorId: admin.id,
      ip: null,
    })
    await runRetention(t.ctx)
    const kept = (await storedRollups(t.ctx.db, brand.id)).cells.filter(
      (c) => c.dimension === 'all',
    )
    const ages = (grain: string) =>
      kept
        .filter((c) => c.grain === grain)
        .map((c) => Math.floor((Date.now() - Date.parse(c.bucket)) / DAY))
    // Raw posts are all kept (no post retention), so only the rollups went.
    expect(await externalIds(brand.id)).toHaveLength(3)
    expect(ages('day')).toEqual([40, 2])
    expect(ages('hour')).toHaveLength(2)
    expect(ages('minute')).toHaveLength(1)
  })
})
