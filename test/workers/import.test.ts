import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { posts, rejectedPayloads } from '../../server/db/schema.js'
import { importFile } from '../../server/domain/ingest/import-file.js'
import { CSV_COLUMNS } from '../../server/domain/ingest/post-records.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, postInput } from '../support/factories.js'

let t: TestContext
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fb-import-'))
beforeAll(async () => {
  t = await createTestContext()
})
afterAll(() => t?.close())

const countPosts = async (brandId: string) =>
  (
    await t.ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(posts)
      .where(eq(posts.brandId, brandId))
  )[0]!.n

/** 1,000 lines of which lines 17, 342 and 998 are bad in three different ways. */
function writeJsonl(): string {
  const lines = Array.from({ length: 1000 }, (_, i) =>
    JSON.stringify(postInput({ externalId: `post-${i + 1}` })),
  )
  lines[16] = '{"source":"bluesky", this is not json'
  lines[341] = JSON.stringify({
    ...postInput({ externalId: 'bad-followers' }),
    author: { externalId: 'x', handle: 'x', followers: 'many' },
  })
  lines[997] = JSON.stringify({ ...postInput(), externalId: '' })
  const file = path.join(dir, 'posts.jsonl')
  fs.writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

describe('importFile', () => {
  it('imports 997 of 1,000 lines, names the 3 bad ones, and adds nothing when run again', async () => {
    const brand = await makeBrand(t.ctx)
    const file = writeJsonl()
    const progress: number[] = []
    const first = await importFile(t.ctx, {
      brandId: brand.id,
      file,
      format: 'jsonl',
      onProgress: (p) => progress.push(p.lines),
    })
    expect(first).toMatchObject({ lines: 1000, inserted: 997, duplicates: 0, rejected: 3 })
    expect(first.badLines.map((b) => b.line)).toEqual([17, 342, 998])
    expect(first.badLines[0]!.reason).toMatch(/malformed JSON/)
    expect(first.badLines[1]!.reason).toMatch(/^author\.followers: /)
    expect(first.badLines[2]!.reason).toMatch(/^externalId: must not be empty/)
    expect(progress.length).toBeGreaterThan(1)
    expect(await countPosts(brand.id)).toBe(997)

    const second = await importFile(t.ctx, { brandId: brand.id, file, format: 'jsonl' })
    expect(second).toMatchObject({ inserted: 0, duplicates: 997, rejected: 3 })
    expect(await countPosts(brand.id)).toBe(997)
    const kept = await t.ctx.db
      .select()
      .from(rejectedPayloads)
      .where(eq(rejectedPayloads.brandId, brand.id))
    expect(kept.map((r) => r.line).sort((a, b) => a! - b!)).toEqual([17, 342, 998])
  })

  it('imports CSV with a header row, quoted newlines and formula-looking text kept as text', async () => {
    const brand = await makeBrand(t.ctx)
    const file = path.join(dir, 'posts.csv')
    const row = (cells: Record<string, string>) =>
      CSV_COLUMNS.map((c) => `"${(cells[c] ?? '').replaceAll('"', '""')}"`).join(',')
    const base = {
      network: 'x',
      posted_at: '2026-08-25T14:00:00Z',
      author_handle: 'mara',
      author_followers: '1200',
    }
    fs.writeFileSync(
      file,
      [
        CSV_COLUMNS.join(','),
        row({ ...base, external_id: '1', text: 'Line one\nline two of a Kredo complaint' }),
        row({ ...base, external_id: '2', text: '=HYPERLINK("http://evil.example","click")' }),
        row({ ...base, external_id: '3', text: 'no date', posted_at: 'not a date' }),
      ].join('\r\n'),
    )
    const report = await importFile(t.ctx, { brandId: brand.id, file, format: 'csv' })
    expect(report).toMatchObject({ lines: 3, inserted: 2, rejected: 1 })
    expect(report.badLines).toEqual([{ line: 5, reason: expect.stringMatching(/^postedAt: /) }])
    const texts = (
      await t.ctx.db.select({ text: posts.text }).from(posts).where(eq(posts.brandId, brand.id))
    ).map((p) => p.text)
    expect(texts).toContain('=HYPERLINK("http://evil.example","click")')
    expect(texts).toContain('Line one\nline two of a Kredo complaint')
  })

  it('reads the network and the time posted under their older names (source, createdAt) too', async () => {
    const brand = await makeBrand(t.ctx)
    const at = '2026-08-25T14:00:00.000Z'
    const { postedAt: _, network, ...rest } = postInput({ externalId: 'older-jsonl' })
    const jsonl = path.join(dir, 'older.jsonl')
    fs.writeFileSync(jsonl, JSON.stringify({ ...rest, source: network, createdAt: at }))
    const csv = path.join(dir, 'older.csv')
    const older: Record<string, string> = { network: 'source', posted_at: 'created_at' }
    const header = CSV_COLUMNS.map((c) => older[c] ?? c)
    const cells: Record<string, string> = {
      source: 'x',
      external_id: 'older-csv',
      text: 'Kredo rewrote my history',
      created_at: at,
      author_handle: 'mara',
    }
    fs.writeFileSync(
      csv,
      [header.join(','), header.map((c) => cells[c] ?? '').join(',')].join('\n'),
    )

    for (const [file, format] of [
      [jsonl, 'jsonl'],
      [csv, 'csv'],
    ] as const)
      expect(await importFile(t.ctx, { brandId: brand.id, file, format })).toMatchObject({
        inserted: 1,
        rejected: 0,
      })
    const stored = await t.ctx.db
      .select({ id: posts.externalId, postedAt: posts.postedAt })
      .from(posts)
      .where(eq(posts.brandId, brand.id))
    expect(stored.map((p) => [p.id, p.postedAt.toISOString()]).sort()).toEqual([
      ['older-csv', at],
      ['older-jsonl', at],
    ])
  })
})
