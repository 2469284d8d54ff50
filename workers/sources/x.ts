import { SOURCE_KINDS } from '../../shared/schemas/source-kinds.js'
import { z } from 'zod'
import type { ParsedRecord } from '../../server/domain/ingest/post-records.js'
import {
  failedResponse,
  retryAtFrom,
  SourceError,
  type Connector,
  type SourceIo,
  type SourceResponse,
} from './connector.js'
import { nextRecent } from './recheck.js'
import { LOOKUP_MAX, recheckTweets } from './x-recheck.js'
import { mapTweet, UserSchema, type XUser } from './x-tweets.js'

/** What an admin enters for an X (Twitter API v2) recent-search source. */
/** What an admin enters (shared with the API and the console). */
export const XConfigSchema = SOURCE_KINDS.x.config
export const XSecretsSchema = SOURCE_KINDS.x.secrets

/**
 * `sinceId`: the newest tweet of the last completed sweep. A sweep pages from newest to oldest
 * (next_token, same since_id); until it ends, its newest id and the next token are kept here,
 * so a restart mid-sweep resumes at the next page and ends it with the right since_id.
 * `recent`: tweets stored lately, newest first, re-read for deletes and fresh counts no sooner
 * than `recheckAfter` (epoch ms).
 */
const CursorSchema = z
  .object({
    sinceId: z.string().regex(/^\d+$/).nullable().default(null),
    sweep: z
      .object({ nextToken: z.string().min(1), newestId: z.string().regex(/^\d+$/) })
      .nullable()
      .default(null),
    recent: z.array(z.string().regex(/^\d+$/)).max(LOOKUP_MAX).default([]),
    recheckAfter: z.number().nullable().default(null),
  })
  .catch({ sinceId: null, sweep: null, recent: [], recheckAfter: null })
type Cursor = z.infer<typeof CursorSchema>
type SearchCursor = Pick<Cursor, 'sinceId' | 'sweep'>

/**
 * Stored tweets are re-read (one lookup of up to 100 ids) at most this often: every tweet a
 * lookup returns counts against the X project's monthly post cap, as search results do, so a
 * recheck every minute would spend it. Five minutes still gives velocity its fresh counts.
 */
const RECHECK_EVERY_MS = 5 * 60_000

// The fields the mapping reads; the fixtures' routes ask for the same.
const TWEET_FIELDS =
  'author_id,conversation_id,created_at,entities,in_reply_to_user_id,lang,public_metrics,referenced_tweets'
const USER_FIELDS = 'created_at,description,public_metrics,verified'

const PageSchema = z.object({
  data: z.array(z.unknown()).optional(),
  includes: z.object({ users: z.array(z.unknown()).optional() }).optional(),
  meta: z
    .object({ newest_id: z.string().optional(), next_token: z.string().optional() })
    .optional(),
})

/** Tweet ids are 64-bit snowflakes: past 2^53 as numbers, so they compare as BigInt. */
export function newerId(a: string | null, b: string | null): string | null {
  if (!a) return b
  if (!b) return a
  return BigInt(a) >= BigInt(b) ? a : b
}

/** The query sent to X: the admin's or the brand's, retweets left out unless asked for. */
export function searchQuery(config: z.infer<typeof XConfigSchema>, brandQuery: string): string {
  const query = config.query ?? brandQuery
  return config.includeRetweets || /is:retweet/i.test(query) ? query : `${query} -is:retweet`
}

function rateLimitError(res: SourceResponse, now: number): SourceError {
  const capped = /usage ?cap/i.test(res.body)
  const err = failedResponse('x', res, now)
  if (!capped) return err
  // A usage cap is the project's monthly tweet allowance: retrying before it resets is waste.
  return new SourceError(
    `${err.message} (the X project's usage cap is spent: polling waits until it resets)`,
    { status: 429, retryAt: err.options.retryAt },
  )
}

/**
 * X API v2 recent search, paged with next_token, resumed with since_id. Search never reports
 * deletes: tweets stored lately are looked up again (`recheckTweets`) for deletes and counts.
 */
export const xConnector = {
  async poll(source, now, io) {
    const config = XConfigSchema.parse(source.config ?? {})
    const { bearerToken } = XSecretsSchema.parse(io.secrets)
    const saved: Cursor = CursorSchema.parse(source.cursor ?? {})
    const search = await searchTweets(config, bearerToken, saved, now, io)
    // After the search, so that its new tweets are in whatever the lookup says; at most one
    // extra request per poll, and none until RECHECK_EVERY_MS has passed since the last.
    const due = saved.recent.length > 0 && (saved.recheckAfter ?? 0) <= now
    const recheck = due
      ? await recheckTweets(io, config.baseUrl, bearerToken, saved.recent, now)
      : null
    const stored = search.records.flatMap((r) => (r.ok ? [r.post.externalId] : []))
    let recheckAfter = saved.recheckAfter
    // A failed lookup waits its turn too: a tier without lookup access (403) would otherwise
    // cost a refused request every poll.
    if (recheck) recheckAfter = recheck.retryAt ?? now + RECHECK_EVERY_MS
    return {
      records: search.records,
      deletes: recheck?.deletes ?? [],
      engagement: recheck?.engagement ?? [],
      warnings: recheck?.warning ? [recheck.warning] : [],
      cursor: {
        ...search.cursor,
        recent: nextRecent(stored, saved.recent, recheck?.gone ?? new Set(), LOOKUP_MAX),
        recheckAfter,
      } satisfies Cursor,
      done: false,
      nextPollAt: search.nextPollAt,
    }
  },
} satisfies Connector

/** One poll's search: pages of new tweets from the cursor, and where the next poll resumes. */
async function searchTweets(
  config: z.infer<typeof XConfigSchema>,
  bearerToken: string,
  start: SearchCursor,
  now: number,
  io: SourceIo,
): Promise<{ records: ParsedRecord[]; cursor: SearchCursor; nextPollAt?: number }> {
  let cursor: SearchCursor = { sinceId: start.sinceId, sweep: start.sweep }
  const records: ParsedRecord[] = []
  let nextPollAt: number | undefined
  for (let page = 0; page < config.maxPagesPerPoll; page++) {
    const params = new URLSearchParams({
      query: searchQuery(config, io.rules.query()),
      max_results: String(config.maxResults),
      expansions: 'author_id',
      'tweet.fields': TWEET_FIELDS,
      'user.fields': USER_FIELDS,
    })
    if (cursor.sinceId) params.set('since_id', cursor.sinceId)
    if (cursor.sweep) params.set('next_token', cursor.sweep.nextToken)
    const res = await io.fetch(`${config.baseUrl}/2/tweets/search/recent?${params}`, {
      headers: { authorization: `Bearer ${bearerToken}` },
    })
    if (res.status === 429) throw rateLimitError(res, now)
    // A next_token X no longer accepts (a sweep left half read for days) would refuse every
    // poll: start the sweep again from the top at the same since_id. Tweets read twice are
    // no-ops at ingest; a 400 without a sweep is the query's fault and stops the source.
    if (res.status === 400 && cursor.sweep) {
      return { records, cursor: { sinceId: cursor.sinceId, sweep: null } }
    }
    if (res.status === 400) {
      const detail = /"message"\s*:\s*"([^"]+)"/.exec(res.body)?.[1]
      const err = failedResponse('x', res, now)
      throw new SourceError(detail ? `${err.message}: ${detail}` : err.message, {
        status: 400,
        permanent: true,
      })
    }
    if (res.status < 200 || res.status >= 300) throw failedResponse('x', res, now)
    let body: z.infer<typeof PageSchema>
    try {
      body = PageSchema.parse(JSON.parse(res.body))
    } catch {
      throw new SourceError('x answered a body that is not a search result (not JSON)')
    }
    const users = new Map<string, XUser>()
    for (const u of body.includes?.users ?? []) {
      const parsed = UserSchema.safeParse(u)
      if (parsed.success) users.set(parsed.data.id, parsed.data)
    }
    for (const item of body.data ?? []) {
      const record = mapTweet(item, users)
      if (!record.ok || io.rules.matches(record.post)) records.push(record)
    }
    const newest = cursor.sweep?.newestId ?? body.meta?.newest_id ?? null
    const nextToken = body.meta?.next_token
    cursor = nextToken
      ? { sinceId: cursor.sinceId, sweep: newest ? { nextToken, newestId: newest } : null }
      : { sinceId: newerId(cursor.sinceId, newest), sweep: null }
    // Quota spent but not refused yet: wait for its reset rather than earn a 429.
    const resetAt =
      res.headers.get('x-rate-limit-remaining') === '0'
        ? retryAtFrom(res.headers, res.status, now)
        : undefined
    if (resetAt) {
      nextPollAt = resetAt
      break
    }
    if (!cursor.sweep) {
      nextPollAt = now + config.intervalSeconds * 1000
      break
    }
  }
  // The page budget ran out inside a sweep: the rest of the backlog is read at the next tick.
  return { records, cursor, nextPollAt: nextPollAt ?? (cursor.sweep ? now : undefined) }
}
