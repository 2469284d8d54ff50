import { z } from 'zod'
import { toPostRecord, type ParsedRecord } from '../../server/domain/ingest/post-records.js'

/** A Reddit Listing: a page of things with the fullname to continue `after`. */
export const ListingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({
    after: z.string().nullish(),
    children: z.array(z.object({ kind: z.string(), data: z.record(z.string(), z.unknown()) })),
  }),
})
export type Thing = z.infer<typeof ListingSchema>['data']['children'][number]

/** The fields a thing needs to be placed in a listing (seen, older, newer); the rest may fail. */
export const ThingIdentitySchema = z.object({
  name: z.string().regex(/^t[13]_[a-z0-9]+$/),
  created_utc: z.number(),
})

const GONE = new Set(['[deleted]', '[removed]'])

/** Whether Reddit says the thing was deleted by its author or removed by moderators. */
export function isGone(thing: Thing): boolean {
  const d = thing.data
  if (thing.kind === 't1') return GONE.has(String(d.body))
  return (
    GONE.has(String(d.selftext)) ||
    (d.removed_by_category !== null && d.removed_by_category !== undefined)
  )
}

/** What rules.matches reads: a comment with its thread's title, which names what it is about. */
export function matchText(thing: Thing): string {
  const d = thing.data
  if (thing.kind === 't1') return [d.link_title, d.body].filter(isText).join('\n')
  return [d.title, d.selftext].filter(isText).join('\n\n')
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0

const num = (v: unknown) => (typeof v === 'number' && v >= 0 ? Math.floor(v) : undefined)

/** Karma the thing itself carries about its author (rare; `/user/<name>/about` has it). */
function authorKarma(d: Record<string, unknown>): number | undefined {
  const total = num(d.author_total_karma)
  if (total !== undefined) return total
  const link = num(d.author_link_karma)
  const comment = num(d.author_comment_karma)
  return link !== undefined || comment !== undefined ? (link ?? 0) + (comment ?? 0) : undefined
}

/** A link (t3: title and selftext) or comment (t1: body) as a post, validated. */
export function thingToRecord(thing: Thing): ParsedRecord {
  const d = thing.data
  const raw = JSON.stringify(thing).slice(0, 4000)
  const isComment = thing.kind === 't1'
  const text = isComment
    ? d.body
    : typeof d.title === 'string'
      ? [d.title, d.selftext].filter(isText).join('\n\n')
      : d.title
  const post = {
    network: 'reddit',
    externalId: d.name,
    url: typeof d.permalink === 'string' ? `https://www.reddit.com${d.permalink}` : null,
    text,
    lang: null,
    postedAt: typeof d.created_utc === 'number' ? new Date(d.created_utc * 1000) : d.created_utc,
    author: {
      externalId: d.author_fullname ?? d.author,
      handle: d.author,
      karma: authorKarma(d),
    },
    // A link is its own thread's root; a comment names its link and what it answers.
    threadId: isComment ? d.link_id : d.name,
    inReplyTo: isComment ? d.parent_id : null,
    engagement: engagementOf(thing),
  }
  return toPostRecord(post, raw)
}

/** Score as likes; a link's comment count as replies (a comment's own count is not given). */
export function engagementOf(thing: Thing) {
  return {
    likes: num(thing.data.score) ?? 0,
    replies: thing.kind === 't3' ? (num(thing.data.num_comments) ?? 0) : 0,
    shares: thing.kind === 't3' ? (num(thing.data.num_crossposts) ?? 0) : 0,
  }
}
