import { SOURCE_KINDS } from '../../shared/schemas/source-kinds.js'
import { z } from 'zod'
import { toIssues } from '../../shared/errors.js'
import type { ParsedRecord } from '../../server/domain/ingest/post-records.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import type { Connector, DeletedPost, PollResult, SourceIo } from './connector.js'
import { RedditClient } from './reddit-client.js'
import {
  engagementOf,
  isGone,
  matchText,
  ThingIdentitySchema,
  thingToRecord,
  type Thing,
} from './reddit-things.js'

export { RedditSecretsSchema } from './reddit-auth.js'

/** What an admin sets for a Reddit source (the same fields as the Sources API's `reddit` kind). */
/** What an admin enters (shared with the API and the console). */
export const RedditConfigSchema = SOURCE_KINDS.reddit.config
type RedditConfig = z.infer<typeof RedditConfigSchema>

/** Where one listing stands: the newest thing read, and a sweep under way through older pages. */
const ListingCursorSchema = z.object({
  newest: z.string().nullable(),
  /** created_utc (seconds) of `newest`, or the start time: older things were read (or skipped). */
  newestAt: z.number(),
  sweep: z
    .object({ after: z.string(), top: z.object({ name: z.string(), at: z.number() }) })
    .nullable(),
})
type ListingCursor = z.infer<typeof ListingCursorSchema>

const CursorSchema = z.object({
  listings: z.record(z.string(), ListingCursorSchema),
  /** Fullnames stored lately, newest first, re-read each poll to find deletes (Data API terms). */
  recent: z.array(z.string()).max(100),
})
type RedditCursor = z.infer<typeof CursorSchema>

/** A new source backfills the last hour. */
const BACKFILL_S = 3600
/** How many stored things are re-read for deletes: one /api/info call takes 100. */
const RECENT_MAX = 100

interface Listing {
  key: string
  path: string
  params: Record<string, string>
}

function listingsOf(config: RedditConfig, io: SourceIo): Listing[] {
  const q = config.query ?? io.rules.query()
  const search: Listing[] = q
    ? [
        {
          key: 'search',
          path: '/search',
          params: { q, sort: 'new', type: 'link', limit: String(config.pageSize) },
        },
      ]
    : []
  // A subreddit's comment stream is busy: always the largest page.
  const comments = config.subreddits.map((sub) => ({
    key: `r/${sub.toLowerCase()}`,
    path: `/r/${sub}/comments`,
    params: { limit: '100' },
  }))
  return [...search, ...comments]
}

/** Reads one listing from its newest page back to what was read before (or a page limit). */
async function readListing(
  client: RedditClient,
  listing: Listing,
  start: ListingCursor,
  maxPages: number,
  seen: Set<string>,
): Promise<{ things: Thing[]; malformed: ParsedRecord[]; cursor: ListingCursor }> {
  const things: Thing[] = []
  const malformed: ParsedRecord[] = []
  let after = start.sweep?.after ?? null
  let top = start.sweep?.top ?? null
  for (let page = 0; page < maxPages; page++) {
    const data = await client.listing(listing.path, {
      ...listing.params,
      ...(after ? { after } : {}),
    })
    let reachedSeen = false
    for (const thing of data.children) {
      const id = ThingIdentitySchema.safeParse(thing.data)
      if (!id.success) {
        malformed.push({
          ok: false,
          issues: toIssues(id.error),
          raw: JSON.stringify(thing).slice(0, 4000),
        })
        continue
      }
      const { name, created_utc: at } = id.data
      // Newest first: the first thing already read ends this sweep.
      if (name === start.newest || at < start.newestAt) {
        reachedSeen = true
        break
      }
      top ??= { name, at }
      if (seen.has(name)) continue
      seen.add(name)
      things.push(thing)
    }
    after = data.after ?? null
    if (reachedSeen || !after) {
      const cursor = top ? { newest: top.name, newestAt: top.at, sweep: null } : start
      return { things, malformed, cursor: { ...cursor, sweep: null } }
    }
    if (client.quotaLow) break
  }
  // Stopped before reaching what was read: the next poll continues this sweep at `after`.
  return {
    things,
    malformed,
    cursor: { ...start, sweep: after && top ? { after, top } : null },
  }
}

/** Re-reads recently stored things: deleted ones become deletes, the rest fresh engagement. */
async function recheck(client: RedditClient, recent: string[]) {
  const deletes: DeletedPost[] = []
  const engagement: NonNullable<PollResult['engagement']> = []
  const gone = new Set<string>()
  if (!recent.length || client.quotaLow) return { deletes, engagement, gone }
  const data = await client.listing('/api/info', { id: recent.join(',') })
  for (const thing of data.children) {
    const name = thing.data.name
    if (typeof name !== 'string') continue
    if (isGone(thing)) {
      deletes.push({ network: 'reddit', externalId: name })
      gone.add(name)
    } else engagement.push({ network: 'reddit', externalId: name, ...engagementOf(thing) })
  }
  return { deletes, engagement, gone }
}

/**
 * Reddit through its Data API with an app-only OAuth token: new links matching the brand's
 * query (`/search?sort=new`) and every new comment of chosen subreddits (`/r/<sub>/comments`),
 * each read newest first back to the newest thing read before. Things stored lately are
 * re-read (`/api/info`) to apply deletes, which Reddit never pushes and its terms require.
 */
export const redditConnector = {
  async poll(source: SourceRow, now: number, io: SourceIo): Promise<PollResult> {
    const config = RedditConfigSchema.parse(source.config ?? {})
    const saved = CursorSchema.safeParse(source.cursor)
    const cursor: RedditCursor = saved.success ? saved.data : { listings: {}, recent: [] }
    const client = new RedditClient(io, source, config, now)
    const fresh = { newest: null, newestAt: now / 1000 - BACKFILL_S, sweep: null }

    const { deletes, engagement, gone } = await recheck(client, cursor.recent)
    const records: ParsedRecord[] = []
    const listings: RedditCursor['listings'] = {}
    const seen = new Set<string>()
    const stored: string[] = []
    for (const listing of listingsOf(config, io)) {
      const start = cursor.listings[listing.key] ?? fresh
      if (client.quotaLow) {
        listings[listing.key] = start
        continue
      }
      const read = await readListing(client, listing, start, config.maxPages, seen)
      listings[listing.key] = read.cursor
      records.push(...read.malformed)
      for (const thing of read.things) {
        if (thing.kind !== 't1' && thing.kind !== 't3') continue
        if (isGone(thing)) {
          deletes.push({ network: 'reddit', externalId: String(thing.data.name) })
          continue
        }
        if (!io.rules.matches({ text: matchText(thing), lang: null })) continue
        const record = thingToRecord(thing)
        records.push(record)
        if (record.ok) stored.push(record.post.externalId)
      }
    }
    const recent = [...stored, ...cursor.recent.filter((n) => !gone.has(n))]
    return {
      records,
      deletes,
      engagement,
      cursor: {
        listings,
        recent: [...new Set(recent)].slice(0, RECENT_MAX),
      } satisfies RedditCursor,
      done: false,
      // A spent quota waits for its reset; a sweep left half read continues at the next tick.
      ...(client.quotaLow && client.resetAt
        ? { nextPollAt: client.resetAt }
        : Object.values(listings).some((l) => l.sweep)
          ? { nextPollAt: now }
          : {}),
    }
  },
} satisfies Connector
