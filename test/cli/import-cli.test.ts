import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { brands, posts } from '../../server/db/schema.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, postInput } from '../support/factories.js'
import { processEnv } from '../support/processes.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
let t: TestContext
let env: Record<string, string>
beforeAll(async () => {
  env = await processEnv()
  t = await createTestContext(env)
})
afterAll(() => t?.close())

/** `npm run import -- ARGS`, from source. */
const runImport = (...args: string[]) =>
  spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), 'server/cli/import.ts', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    },
  )

describe('npm run import', () => {
  it('imports the good lines, names each bad one, exits 1, and adds nothing the second time', async () => {
    const brand = await makeBrand(t.ctx)
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fb-cli-')), 'posts.jsonl')
    const lines = Array.from({ length: 50 }, () => JSON.stringify(postInput()))
    lines[9] = '{oops'
    lines[29] = JSON.stringify({ ...postInput(), postedAt: 'tuesday' })
    fs.writeFileSync(file, lines.join('\n'))

    const first = runImport(file, '--brand', brand.slug, '--json')
    expect(first.status).toBe(1)
    expect(first.stderr).toMatch(/^line 10: \(line\): malformed JSON/m)
    expect(first.stderr).toMatch(/^line 30: postedAt: /m)
    expect(first.stdout).toContain(
      `into ${brand.slug}: 50 lines, 48 new posts, 0 already stored, 2 rejected (lines 10, 30)`,
    )
    expect(JSON.parse(first.stdout.trim().split('\n').at(-1)!)).toMatchObject({
      inserted: 48,
      rejected: 2,
    })

    const second = runImport(file, '--brand', brand.slug)
    expect(second.stdout).toContain('50 lines, 0 new posts, 48 already stored, 2 rejected')
  })

  it('refuses an archived brand and imports nothing', async () => {
    const brand = await makeBrand(t.ctx)
    await t.ctx.db.update(brands).set({ archivedAt: new Date() }).where(eq(brands.id, brand.id))
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fb-cli-')), 'posts.jsonl')
    fs.writeFileSync(file, JSON.stringify(postInput()))
    const res = runImport(file, '--brand', brand.slug)
    expect(res.status).toBe(2)
    expect(res.stderr).toContain(`${brand.slug} is archived: nothing was imported`)
    const [stored] = await t.ctx.db
      .select({ n: count() })
      .from(posts)
      .where(eq(posts.brandId, brand.id))
    expect(stored!.n).toBe(0)
  })

  it('explains what is wrong with its arguments, exiting 2', () => {
    const none = runImport()
    expect(none.status).toBe(2)
    expect(none.stderr).toMatch(/FILE: name the file to import[\s\S]*Usage: npm run import -- FILE/)
    const missing = runImport('/nonexistent.jsonl')
    expect(missing.status).toBe(2)
    expect(missing.stderr).toMatch(/no such file: \/nonexistent\.jsonl/)
    const brand = runImport(path.join(ROOT, 'package.json'), '--brand', 'no-such-brand')
    expect(brand.status).toBe(2)
    expect(brand.stderr).toMatch(/no brand with slug no-such-brand; brands: /)
  })
})
