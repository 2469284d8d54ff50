import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../server/db/rows.js'
import { insertTheme, topThemeComplainers } from '../../server/db/repositories/themes.js'
import { insertPostThemes } from '../../server/db/repositories/theme-pass.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'

let t: TestContext
beforeAll(async () => {
  t = await createTestContext()
})
afterAll(async () => {
  await t?.close()
})

const HOUR = 3_600_000
const base = new Date('2026-03-02T00:00:00.000Z')
const at = (hours: number) => new Date(base.getTime() + hours * HOUR)

/**
 * A brand with two themes: `loud` holds posts by author0..author9 an hour apart (author k at
 * hour k, followers 100·(k+1), so author9 has the most reach), `quiet` one post by author0 at
 * hour 3. Returns the themes and the post id of each author's loud post.
 */
async function twoThemes() {
  const brand = await makeBrand(t.ctx)
  const posts = Array.from({ length: 10 }, (_, k) =>
    makePost({
      text: `Kredo broke my score again ${k}. Terrible.`,
      postedAt: at(k).toISOString(),
      author: { externalId: `a${k}`, handle: `author${k}.example`, followers: 100 * (k + 1) },
    }),
  )
  posts.push(
    makePost({
      text: 'Kredo lost my refund. Terrible.',
      postedAt: at(3).toISOString(),
      author: { externalId: 'a0', handle: 'author0.example', followers: 100 },
    }),
  )
  await ingestPosts(t.ctx, { brandId: brand.id, channel: 'import', posts })
  const stored = await queryRows<{ id: string; author_id: string; handle: string }>(
    t.ctx.db,
    sql`select p.id, p.author_id, a.handle from posts p join authors a on a.id = p.author_id
        where p.brand_id = ${brand.id}::uuid order by p.posted_at, p.id`,
  )
  // Reach as the refresh would set it: in step with followers.
  await t.ctx.db.execute(sql`update authors set reach = followers / 10000.0
    where id in (select author_id from posts where brand_id = ${brand.id}::uuid)`)
  const loud = await insertTheme(t.ctx.db, { brandId: brand.id, name: 'loud', phrases: ['score'] })
  const quiet = await insertTheme(t.ctx.db, {
    brandId: brand.id,
    name: 'quiet',
    phrases: ['refund'],
  })
  const refund = stored.find((r) => r.handle === 'author0.example' && r !== stored[0])!
  const loudPosts = stored.filter((r) => r !== refund)
  return { brand, loud, quiet, loudPosts, refund }
}

const handles = (rows: Array<{ handle: string }>) => rows.map((r) => r.handle)

describe('post_themes.posted_at', () => {
  it('is the post’s, whether the writer gives it or leaves it to the trigger', async () => {
    const { brand, loud, quiet, loudPosts, refund } = await twoThemes()
    // The theme pass gives it; a plain insert (a script, a test) leaves it out.
    await insertPostThemes(
      t.ctx.db,
      brand.id,
      loudPosts.map((p) => ({ postId: Number(p.id), themeId: loud.id, weight: 1 })),
    )
    await t.ctx.db.execute(sql`insert into post_themes (post_id, brand_id, theme_id)
      values (${refund.id}, ${brand.id}::uuid, ${quiet.id}::uuid)`)
    const rows = await queryRows<{ same: boolean }>(
      t.ctx.db,
      sql`select pt.posted_at = p.posted_at as same from post_themes pt
          join posts p on p.id = pt.post_id where pt.brand_id = ${brand.id}::uuid`,
    )
    expect(rows.map((r) => r.same)).toEqual(Array(11).fill(true))
  })
})

describe('a theme’s top complainers of a period', () => {
  it('ranks by reach the authors of the period’s undeleted posts, the same by either walk', async () => {
    const { brand, loud, quiet, loudPosts, refund } = await twoThemes()
    await insertPostThemes(t.ctx.db, brand.id, [
      ...loudPosts.map((p) => ({ postId: Number(p.id), themeId: loud.id, weight: 1 })),
      { postId: Number(refund.id), themeId: quiet.id, weight: 1 },
    ])
    // author8's post is deleted at its source after it joined the theme.
    await t.ctx.db.execute(sql`update posts set deleted_at = now() where id = ${loudPosts[8]!.id}`)
    // Hours 2..8: authors 2..8 wrote in it, 8's post is deleted, 9 wrote after it.
    const period = { from: at(2), to: at(9) }
    const ids = [loud.id, quiet.id]
    for (const walks of [
      { by_reach: { themeIds: ids, depth: 1_000_000 }, by_arrival: [] },
      { by_reach: { themeIds: [], depth: 0 }, by_arrival: ids },
      { by_reach: { themeIds: [quiet.id], depth: 1_000_000 }, by_arrival: [loud.id] },
      // A walk too shallow for a theme leaves it to be read by arrival.
      { by_reach: { themeIds: ids, depth: 2 }, by_arrival: [] },
    ]) {
      const top = await topThemeComplainers(t.ctx.db, walks, period, 3)
      const ofTheme = (id: string) => top.filter((c) => c.themeId === id)
      expect(handles(ofTheme(loud.id)), JSON.stringify(walks)).toEqual([
        'author7.example',
        'author6.example',
        'author5.example',
      ])
      expect(ofTheme(loud.id)[0]).toMatchObject({ network: 'bluesky', followers: 800 })
      expect(handles(ofTheme(quiet.id))).toEqual(['author0.example'])
    }
    // Only the rows of the period count: before hour 3 the quiet theme has nobody.
    const early = await topThemeComplainers(
      t.ctx.db,
      { by_reach: { themeIds: [loud.id], depth: 1_000_000 }, by_arrival: [quiet.id] },
      { from: at(0), to: at(3) },
    )
    expect(early.filter((c) => c.themeId === quiet.id)).toEqual([])
    expect(handles(early.filter((c) => c.themeId === loud.id))).toEqual([
      'author2.example',
      'author1.example',
      'author0.example',
    ])
  })
})
