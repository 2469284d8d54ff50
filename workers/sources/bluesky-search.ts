import { z } from 'zod'
import { toIssues } from '../../shared/errors.js'
import { SOURCE_KINDS } from '../../shared/schemas/source-kinds.js'
import { toPostRecord, type ParsedRecord } from '../../server/domain/ingest/post-records.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import {
  failedResponse,
  retryAtFrom,
  SourceError,
  type Connector,
  type PollResult,
  type SourceIo,
  type SourceResponse,
} from './connector.js'
import { blueskyProfilesFor } from './bluesky-profiles.js'
import { postFromView, PostViewSchema, sortAtOf, type PostView } from './bluesky-post-view.js'
import { BlueskySearchSecretsSchema, BlueskySession } from './bluesky-search-session.js'
import { hasQuotaFor, recheckPosts, RECHECK_MAX } from './bluesky-recheck.js'
import { nextRecent } from './recheck.js'

export { BlueskySearchSecretsSchema } from './bluesky-search-session.js'

/** What an admin enters for a Bluesky search source (shared with the API and the console). */
export const BlueskySearchConfigSchema = SOURCE_KINDS.bluesky.config
export type BlueskySearchConfig = z.infer<typeof BlueskySearchConfigSchema>

/**
 * Where search resumes. `at` (epoch ms) is the newest post time fully read, `uris` the posts at
 * exactly that instant (the next `since` includes it). While a backlog spans several polls,
 * `sweep` holds the opaque page cursor to continue from and the newest time seen so far; the
 * mark moves only when the sweep reaches posts already read, so a crash mid-sweep loses none.
 * `recent`: the at-URIs stored lately, newest first, re-read each poll for deletes and counts.
 */
const CursorSchema = z.object({
  at: z.number(),
  uris: z.array(z.string()),
  sweep: z
    .object({ page: z.string(), top: z.number(), topUris: z.array(z.string()) })
    .nullish()
    .transform((v) => v ?? null),
  recent: z.array(z.string()).max(RECHECK_MAX).default([]),
})
type Cursor = z.infer<typeof CursorSchema>

const SearchAnswerSchema = z.object({
  cursor: z.string().nullish(),
  posts: z.array(z.unknown()),
})

/** A raw item kept for the rejections list: enough to see what it was, never megabytes. */
const RAW_LIMIT = 4000

/**
 * Bluesky full-text search (`app.bsky.feed.searchPosts`, newest first) through the user's PDS
 * with an app password: the backfill and gap-fill beside the Jetstream stream. Each poll reads
 * from the newest post back to the last one already read (dedupe on at-URI), then waits.
 */
export const blueskySearchConnector = {
  async poll(source: SourceRow, now: number, io: SourceIo): Promise<PollResult> {
    const config = parseOrFail(BlueskySearchConfigSchema, source.config, 'config')
    const secrets = parseOrFail(BlueskySearchSecretsSchema, io.secrets, 'credentials')
    const saved = CursorSchema.safeParse(source.cursor)
    const cursor: Cursor = saved.success
      ? saved.data
      : { at: now - config.backfillHours * 3600_000, uris: [], sweep: null, recent: [] }
    const q = config.query ?? io.rules.query()
    if (!q)
      throw new SourceError('nothing to search: the brand tracks no terms and no query is set')

    const session = new BlueskySession(io, config.service, source.id, secrets)
    const covered = (view: PostView) => {
      const at = sortAtOf(view)
      return at < cursor.at || (at === cursor.at && cursor.uris.includes(view.uri))
    }
    let top = cursor.sweep ? { at: cursor.sweep.top, uris: cursor.sweep.topUris } : null
    let page = cursor.sweep?.page ?? null
    const seen = new Set<string>()
    const matched: PostView[] = []
    const records: ParsedRecord[] = []
    let reachedEnd = false
    let last: SourceResponse | null = null

    for (let n = 0; n < config.maxPagesPerPoll; n++) {
      const params = new URLSearchParams({
        q,
        sort: 'latest',
        since: new Date(cursor.at).toISOString(),
        limit: String(config.pageSize),
      })
      if (page) params.set('cursor', page)
      last = await session.get(`${config.service}/xrpc/app.bsky.feed.searchPosts?${params}`, now)
      if (last.status === 400 && n === 0 && cursor.sweep && !records.length) {
        // A page cursor saved by an earlier poll may no longer be valid (it is opaque and the
        // index moves): sweep again from the newest post; what was stored dedupes on its URI.
        return { records: [], cursor: { ...cursor, sweep: null }, done: false }
      }
      const answer = readSearchAnswer(last, config.service, now)
      let hitCovered = false
      for (const item of answer.posts) {
        const view = PostViewSchema.safeParse(item)
        if (!view.success) {
          records.push({ ok: false, issues: toIssues(view.error), raw: rawOf(item) })
          continue
        }
        if (covered(view.data)) {
          hitCovered = true
          continue
        }
        if (seen.has(view.data.uri)) continue
        seen.add(view.data.uri)
        top = raise(top, view.data)
        const { text, langs } = view.data.record
        if (io.rules.matches({ text, lang: langs?.[0] ?? null })) matched.push(view.data)
      }
      page = answer.cursor ?? null
      if (hitCovered || !page || answer.posts.length === 0) {
        reachedEnd = true
        break
      }
    }

    const reach = await blueskyProfilesFor(config.appViewUrl).lookup(
      io.fetch,
      matched.map((v) => v.author.did),
      now,
    )
    for (const view of matched) {
      records.push(toPostRecord(postFromView(view, reach.get(view.author.did)), rawOf(view)))
    }

    // Search never says a post was deleted: the posts stored lately are read again (at most
    // two getPosts requests a poll), unless the window is nearly spent.
    const quotaReset = last ? retryAtFrom(last.headers, last.status, now) : undefined
    const recheck =
      cursor.recent.length && !quotaReset && hasQuotaFor(last)
        ? await recheckPosts(session, config.service, cursor.recent, now)
        : null
    const stored = records.flatMap((r) => (r.ok ? [r.post.externalId] : []))
    const recent = nextRecent(stored, cursor.recent, recheck?.gone ?? new Set(), RECHECK_MAX)

    const mark: Omit<Cursor, 'recent'> = reachedEnd
      ? { ...mergeMark(cursor, top), sweep: null }
      : {
          ...cursor,
          sweep: { page: page!, top: top?.at ?? cursor.at, topUris: top?.uris ?? cursor.uris },
        }
    const waitUntil = now + config.intervalSeconds * 1000
    // The recheck's 429 or spent window holds the next poll too: one window for the whole PDS.
    const resetAt = Math.max(quotaReset ?? 0, recheck?.retryAt ?? 0) || undefined
    return {
      records,
      deletes: recheck?.deletes ?? [],
      engagement: recheck?.engagement ?? [],
      warnings: recheck?.warning ? [recheck.warning] : [],
      cursor: { ...mark, recent },
      done: false,
      // Caught up: come back after the interval; a backlog continues at once (unless the quota
      // is spent, then at its reset).
      nextPollAt: reachedEnd ? Math.max(waitUntil, resetAt ?? 0) : (resetAt ?? now),
    }
  },
} satisfies Connector

function parseOrFail<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const detail = toIssues(parsed.error)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ')
  throw new SourceError(`bluesky source ${what} invalid: ${detail}`, { permanent: true })
}

/** The newest post time seen in this sweep, with every URI at exactly that instant. */
function raise(top: { at: number; uris: string[] } | null, view: PostView) {
  const at = sortAtOf(view)
  if (!top || at > top.at) return { at, uris: [view.uri] }
  if (at === top.at && !top.uris.includes(view.uri)) return { at, uris: [...top.uris, view.uri] }
  return top
}

function mergeMark(cursor: Cursor, top: { at: number; uris: string[] } | null) {
  if (!top || top.at < cursor.at) return { at: cursor.at, uris: cursor.uris }
  if (top.at === cursor.at) return { at: top.at, uris: [...new Set([...cursor.uris, ...top.uris])] }
  return { at: top.at, uris: top.uris }
}

function readSearchAnswer(res: SourceResponse, service: string, now: number) {
  if (res.status === 403 && !isXrpcError(res)) {
    // The public AppView refuses search to everyone (since January 2025): say what works.
    throw new SourceError(
      `bluesky answered 403 from ${service}: public search is disabled; use your PDS ` +
        '(e.g. https://bsky.social) with an app password',
      { status: 403, permanent: true },
    )
  }
  if (res.status < 200 || res.status >= 300) throw failedResponse('bluesky', res, now)
  let body: unknown
  try {
    body = JSON.parse(res.body)
  } catch {
    throw new SourceError(
      `bluesky searchPosts answered ${res.status} with a body that is not JSON: ` +
        res.body.slice(0, 80),
    )
  }
  const parsed = SearchAnswerSchema.safeParse(body)
  if (!parsed.success) throw new SourceError('bluesky searchPosts answered without posts[]')
  return parsed.data
}

function isXrpcError(res: SourceResponse): boolean {
  try {
    return typeof (JSON.parse(res.body) as { error?: unknown }).error === 'string'
  } catch {
    return false
  }
}

function rawOf(item: unknown): string {
  return (JSON.stringify(item) ?? String(item)).slice(0, RAW_LIMIT)
}
