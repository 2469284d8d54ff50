import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../server/db/rows.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'

const MIGRATION = fileURLToPath(
  new URL('../../server/db/migrations/0010_score_thread_replies.sql', import.meta.url),
)

let t: TestContext
beforeAll(async () => {
  t = await createTestContext()
})
afterAll(() => t?.close())

const explanation = (engagement: Record<string, unknown>) => ({
  version: 'priority-3',
  priority: 10,
  summary: 'Priority 10.0.',
  factors: [
    { key: 'complaint', label: 'Complaint', input: 1, weight: 10, contribution: 10, note: 'x' },
    {
      key: 'engagement',
      label: 'Engagement',
      input: 0,
      weight: 5,
      contribution: 0,
      note: 'y',
      ...engagement,
    },
  ],
})

describe('migration 0010 on scores stored before it', () => {
  it('takes the thread replies a score counted from its explanation, and rewrites no explanation', async () => {
    const brand = await makeBrand(t.ctx)
    const { inserted } = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [makePost()],
    })
    expect(inserted).toBe(1)
    const [post] = await queryRows<{ id: number }>(
      t.ctx.db,
      sql`select id from posts where brand_id = ${brand.id}::uuid`,
    )
    const stored = [explanation({}), explanation({ threadReplies: 7 })]
    for (const [revision, e] of stored.entries())
      await t.ctx.db.execute(
        sql`insert into scores (post_id, version, priority, explanation, revision)
            values (${post!.id}, 'priority-3', 10, ${JSON.stringify(e)}::jsonb, ${revision})`,
      )

    // Its statements, as the migrator runs them, again on rows that predate the column.
    for (const statement of fs.readFileSync(MIGRATION, 'utf8').split('--> statement-breakpoint'))
      await t.ctx.db.execute(sql.raw(statement))

    const rows = await queryRows<{
      revision: number
      thread_replies: number | null
      explanation: unknown
    }>(
      t.ctx.db,
      sql`select revision, thread_replies, explanation from scores
          where post_id = ${post!.id} order by revision`,
    )
    expect(rows.map((r) => r.thread_replies)).toEqual([null, 7])
    expect(rows.map((r) => r.explanation)).toEqual(stored)
  })
})
