import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import path from 'node:path'
import { and, count, eq, isNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrandViewSchema } from '../../shared/schemas/brands.js'
import { auditEvents, brands } from '../../server/db/schema.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { processEnv } from '../support/processes.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
let t: TestContext
let env: Record<string, string>
beforeAll(async () => {
  env = await processEnv()
  t = await createTestContext(env)
})
afterAll(() => t?.close())

const runBrands = (...args: string[]) =>
  spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), 'server/cli/brands.ts', ...args],
    { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' },
  )

const json = (stdout: string) => JSON.parse(stdout) as unknown

// Each run is a process of its own that compiles the CLI: seconds each on a busy machine.
describe('npm run brands', () => {
  const name = `Northwind ${crypto.randomBytes(3).toString('hex')}`

  it('creates a brand with its terms, prints it as JSON, and audits it', async () => {
    const run = runBrands(
      'create',
      '--name',
      name,
      '--terms',
      'Northwind, nwind ,',
      '--exclude',
      'trade winds',
    )
    expect(run.status, run.stderr).toBe(0)
    const brand = BrandViewSchema.parse(json(run.stdout))
    expect(brand).toMatchObject({
      name,
      slug: name.toLowerCase().replace(' ', '-'),
      trackedTerms: ['northwind', 'nwind'],
      excludedTerms: ['trade winds'],
      archivedAt: null,
    })
    const [stored] = await t.ctx.db.select().from(brands).where(eq(brands.id, brand.id))
    expect(stored!.trackedTerms).toEqual(['northwind', 'nwind'])
    const [audit] = await t.ctx.db
      .select({ n: count() })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'brand.created'),
          eq(auditEvents.subjectId, brand.id),
          isNull(auditEvents.actorId),
        ),
      )
    expect(audit!.n).toBe(1)
  }, 120_000)

  it('lists brands, archives and restores one by its slug', () => {
    const slug = name.toLowerCase().replace(' ', '-')
    const slugs = (stdout: string) => (json(stdout) as Array<{ slug: string }>).map((b) => b.slug)
    expect(slugs(runBrands('list').stdout)).toContain(slug)

    const archived = runBrands('archive', slug)
    expect(archived.status, archived.stderr).toBe(0)
    expect(BrandViewSchema.parse(json(archived.stdout)).archivedAt).toEqual(expect.any(String))
    expect(slugs(runBrands('list', '--archived', 'only').stdout)).toEqual([slug])

    const restored = runBrands('restore', slug)
    expect(restored.status).toBe(0)
    expect(BrandViewSchema.parse(json(restored.stdout)).archivedAt).toBeNull()
    expect(slugs(runBrands('list').stdout)).toContain(slug)
  }, 240_000)

  it('exits 2 saying what is wrong: a taken name, an unknown slug, bad usage', () => {
    const taken = runBrands('create', '--name', name.toUpperCase(), '--terms', 'x')
    expect(taken.status).toBe(2)
    expect(taken.stderr).toContain(`A brand named "${name}" already exists`)
    expect(taken.stdout).toBe('')

    const unknown = runBrands('archive', 'no-such-brand')
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/no brand with slug no-such-brand/)

    const noTerms = runBrands('create', '--name', 'Termless')
    expect(noTerms.status).toBe(2)
    expect(noTerms.stderr).toMatch(/--terms: give --terms to listen for/)
    const nothing = runBrands()
    expect(nothing.status).toBe(2)
    expect(nothing.stderr).toMatch(/Usage:\n {2}npm run brands -- create/)
  }, 240_000)
})
