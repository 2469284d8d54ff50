import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { csvRowToPost, toPostRecord } from '../../server/domain/ingest/post-records.js'
import { NormalizedPostSchema } from '../../shared/schemas/posts.js'
import { WebhookPayloadSchema } from '../../shared/schemas/webhook.js'
import { isVerifiedOnBluesky, isVerifiedOnX, type XUser } from './author-verified.js'

const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures/sources')
const fixture = (file: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'))

describe('the verified flag of each network, from its real payloads', () => {
  it('X: reads verified from the users a search expands, and verified_type when given', () => {
    const users = (file: string) =>
      (fixture(file).includes.users as Array<XUser & { username: string }>).map((u) => [
        u.username,
        isVerifiedOnX(u),
      ])
    expect(users('x/search_recent.klout.page1.assembled.json')).toEqual([
      ['benito_r', false],
      ['SocialWireNews', true],
      ['priya_analytics', false],
    ])
    expect(users('x/search_recent.klout.page2_last.assembled.json')).toEqual([
      ['KloutSupport', true],
      ['dmartinez_ux', false],
    ])
    expect(isVerifiedOnX(fixture('x/users_lookup.doc.json').data[0])).toBe(true)
    expect(isVerifiedOnX({ verified: false, verified_type: 'business' })).toBe(true)
    expect(isVerifiedOnX({ verified_type: 'none' })).toBe(false)
    expect(isVerifiedOnX({})).toBeNull()
  })

  it('Bluesky: unset when the profile carries no verification, as in these profiles', () => {
    const { profiles } = fixture('bluesky/appview/getProfiles.klout_authors.assembled.json')
    expect(profiles.map(isVerifiedOnBluesky)).toEqual(profiles.map(() => null))
    const { posts } = fixture('bluesky/appview/searchPosts.klout.page1.assembled.json')
    expect(posts.map((p: { author: object }) => isVerifiedOnBluesky(p.author))).toEqual(
      posts.map(() => null),
    )
    expect(isVerifiedOnBluesky({ verification: { verifiedStatus: 'valid' } })).toBe(true)
    expect(isVerifiedOnBluesky({ verification: { verifiedStatus: 'invalid' } })).toBe(false)
  })

  it('Reddit and Mastodon have no identity verification to read (e-mail and profile links only)', () => {
    // Reddit's `verified` is a verified e-mail address: it says nothing about who posts.
    const redditor = fixture('reddit/user_about.real.json').data
    expect(redditor).toMatchObject({ verified: true, has_verified_email: true })
    // Mastodon's verified_at proves a profile link, not the person.
    const status = fixture('mastodon/status_entity.doc.json')
    expect(status.account.fields.some((f: { verified_at: string | null }) => f.verified_at)).toBe(
      true,
    )
    expect(status.account).not.toHaveProperty('verified')
  })
})

describe('author.verified in the post format', () => {
  it('the webhook maps author.verified, and leaves it unset when the producer does not say', () => {
    const body = fixture('webhook/deliveries/01_mention_created_valid.body.json')
    const plain = WebhookPayloadSchema.parse(body)
    expect(plain.type === 'mention.created' && plain.data.author.verified).toBeNull()
    const vouched = WebhookPayloadSchema.parse({
      ...body,
      data: { ...body.data, author: { ...body.data.author, verified: true } },
    })
    expect(vouched.type === 'mention.created' && vouched.data.author).toMatchObject({
      handle: 'mara_k',
      followers: 1288,
      verified: true,
    })
    const bad = WebhookPayloadSchema.safeParse({
      ...body,
      data: { ...body.data, author: { ...body.data.author, verified: 'yes' } },
    })
    expect(bad.success).toBe(false)
  })

  it('CSV reads author_verified as true/false/1/0, empty as unset, anything else as an error', () => {
    const row = (author_verified: string) =>
      toPostRecord(
        csvRowToPost({
          source: 'x',
          external_id: '1',
          text: 'Kredo, fix my score',
          created_at: '2026-08-25T14:00:00Z',
          author_handle: 'mara',
          author_verified,
        }),
        '',
      )
    const verified = (v: string) => {
      const r = row(v)
      return r.ok ? r.post.author.verified : r.issues.map((i) => i.path)
    }
    expect(verified('true')).toBe(true)
    expect(verified('TRUE')).toBe(true)
    expect(verified('1')).toBe(true)
    expect(verified('false')).toBe(false)
    expect(verified('0')).toBe(false)
    expect(verified('')).toBeNull()
    expect(verified('maybe')).toEqual(['author.verified'])
  })

  it('JSONL posts carry it as a boolean, optional', () => {
    const base = {
      network: 'bluesky',
      externalId: 'p1',
      text: 'x',
      postedAt: '2026-08-25T14:00:00Z',
      author: { externalId: 'a', handle: 'a' },
    }
    expect(NormalizedPostSchema.parse(base).author.verified).toBeNull()
    expect(
      NormalizedPostSchema.parse({ ...base, author: { ...base.author, verified: true } }).author
        .verified,
    ).toBe(true)
  })
})
