import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { posts, rejectedPayloads, sources } from '../../server/db/schema.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, postInput } from '../support/factories.js'
import { processEnv, spawnFirebreak } from '../support/processes.js'

let t: TestContext
let env: Record<string, string>
beforeAll(async () => {
  env = await processEnv()
  t = await createTestContext(env)
})
afterAll(() => t?.close())

describe('npm start -- --replay FILE --speed N', () => {
  it('plays a JSONL file into a brand, setting bad lines aside, and resumes rather than repeats', async () => {
    const brand = await makeBrand(t.ctx)
    const start = Date.parse('2026-08-25T14:00:00Z')
    const lines = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify(
        postInput({
          externalId: `replayed-${i}`,
          postedAt: new Date(start + i * 60_000).toISOString(),
        }),
      ),
    )
    lines[4] = '{"not": "a post"}'
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fb-replay-')), 'backlash.jsonl')
    fs.writeFileSync(file, lines.join('\n'))

    // 30 minutes of posts at 600x: about three seconds.
    const args = ['--no-demo', '--replay', file, '--speed', '600', '--brand', brand.slug]
    const first = await spawnFirebreak(args, env)
    await first.waitForLog((line) => line.msg === 'source played to the end')
    expect(await first.stop(), first.diagnostics()).toBe(0)

    const stored = await t.ctx.db
      .select({ externalId: posts.externalId })
      .from(posts)
      .where(eq(posts.brandId, brand.id))
    expect(stored).toHaveLength(29)
    const [rejected] = await t.ctx.db
      .select()
      .from(rejectedPayloads)
      .where(eq(rejectedPayloads.brandId, brand.id))
    expect(rejected).toMatchObject({ channel: 'replay', line: 5 })
    const [source] = await t.ctx.db.select().from(sources).where(eq(sources.brandId, brand.id))
    expect(source!.cursor).toMatchObject({ line: 30, done: true })

    // Started again, the replay is already done: nothing is played twice.
    const second = await spawnFirebreak(args, env)
    expect(await second.stop(), second.diagnostics()).toBe(0)
    expect(await t.ctx.db.select().from(posts).where(eq(posts.brandId, brand.id))).toHaveLength(29)
  }, 60_000)
})
