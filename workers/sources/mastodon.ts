import { SOURCE_KINDS } from '../../shared/schemas/source-kinds.js'
import { z } from 'zod'
import { toIssues } from '../../shared/errors.js'
import type { NormalizedPost } from '../../shared/schemas/posts.js'
import type { ParsedRecord } from '../../server/domain/ingest/post-records.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import {
  failedResponse,
  SourceError,
  type Connector,
  type PollResult,
  type SourceIo,
  type SourceResponse,
} from './connector.js'
import { BATCH_MAX, quotaWait, recheckStatuses, type KnownStatus } from './mastodon-recheck.js'
import { editIfNewer, isNewer, original, statusToRecord, StatusSchema } from './mastodon-status.js'
import { nextRecent } from './recheck.js'

/** What an admin enters (shared with the API and the console). */
export const MastodonConfigSchema = SOURCE_KINDS.mastodon.config
export const MastodonSecretsSchema = SOURCE_KINDS.mastodon.secrets

/** Statuses remembered (local id, uri, edited_at) to link replies and notice edits. */
const KNOWN_LIMIT = 1000
export const MastodonCursorSchema = z.object({
  /** Newest status id seen per stream (`tag:<name>`, `search`): the next `min_id`. */
  streams: z.record(z.string(), z.string().regex(/^\d+$/)),
  /** [local id, uri, edited_at], newest last. */
  known: z.array(z.tuple([z.string(), z.string(), z.string().nullable()])),
  /** The uris of statuses stored lately, newest first: read again each poll (mastodon-recheck). */
  recent: z.array(z.string()).max(BATCH_MAX).default([]),
  /** Until when the instance is known to lack `GET /api/v1/statuses?id[]=` (epoch ms). */
  noBatchUntil: z.number().nullable().default(null),
})
export type MastodonCursor = z.infer<typeof MastodonCursorSchema>

/**
 * Mastodon ids are Snowflakes: milliseconds since 1970 shifted left 16 bits, so an id made
 * from a time pages from that time on. A new source starts `backfillHours` back.
 */
const idAt = (ms: number) => (BigInt(Math.max(0, Math.floor(ms))) << 16n).toString()

interface Stream {
  key: string
  url: (minId: string, limit: number) => string
  items: (body: unknown) => unknown
}

/**
 * Polls an instance's hashtag timelines (public) and, with a user token, its full-text status
 * search. Each stream reads forward from the newest id it has seen with `min_id`, following
 * `Link rel="prev"` to newer pages; an empty page (no Link) means caught up. The cursor
 * commits with the posts, so a restart resumes exactly.
 */
export const mastodonConnector = {
  async poll(source: SourceRow, now: number, io: SourceIo): Promise<PollResult> {
    const config = MastodonConfigSchema.parse(source.config)
    const { token } = MastodonSecretsSchema.parse(io.secrets)
    const saved = MastodonCursorSchema.safeParse(source.cursor)
    const cursor: MastodonCursor = saved.success
      ? saved.data
      : { streams: {}, known: [], recent: [], noBatchUntil: null }
    const start = idAt(now - config.backfillHours * 3600_000)
    const instanceHost = new URL(config.instance).host
    const headers: Record<string, string> = { accept: 'application/json' }
    if (token) headers.authorization = `Bearer ${token}`

    const known = new Map(cursor.known.map(([id, uri, editedAt]) => [uri, { id, editedAt }]))
    const uriById = new Map(cursor.known.map(([id, uri]) => [id, uri]))
    const remember = (id: string, uri: string, editedAt: string | null) => {
      known.delete(uri)
      known.set(uri, { id, editedAt })
      uriById.set(id, uri)
    }
    const streams = streamsOf(config, token, io)
    // Nothing to read is a setup mistake the source's health should name, not a quiet success.
    if (streams.length === 0)
      throw new SourceError('Mastodon: no hashtags, and status search needs an access token', {
        permanent: true,
      })
    const newest: Record<string, string> = { ...cursor.streams }
    const records: ParsedRecord[] = []
    const edits: NormalizedPost[] = []
    const stored: string[] = []
    let nextPollAt: number | undefined

    // A stream whose page budget ran out on a full page has more: the next tick reads on.
    let more = false
    for (const stream of streams) {
      let minId = newest[stream.key] ?? start
      for (let page = 0; page < config.maxPagesPerPoll; page++) {
        const res = await io.fetch(stream.url(minId, config.pageSize), { headers })
        if (res.status < 200 || res.status >= 300) throw failedResponse('Mastodon', res, now)
        const items = stream.items(parseBody(res))
        if (!Array.isArray(items)) throw new SourceError('Mastodon answered without a status list')
        if (items.length === 0) break

        let pageNewest: string | null = null
        const parsed = items.map((item) => {
          const raw = JSON.stringify(item).slice(0, 4000)
          const id = (item as { id?: unknown } | null)?.id
          if (typeof id === 'string' && /^\d+$/.test(id) && isNewer(id, pageNewest)) pageNewest = id
          const status = StatusSchema.safeParse(item)
          if (!status.success) records.push({ ok: false, issues: toIssues(status.error), raw })
          return status.success ? { status: status.data, raw } : null
        })
        // A page lists newest first; a reply's parent is older, so read the page oldest first.
        const good = parsed.filter((p) => p !== null).reverse()
        for (const { status } of good) uriById.set(original(status).id, original(status).uri)
        for (const { status, raw } of good) {
          const s = original(status)
          const parentUri = s.in_reply_to_id ? (uriById.get(s.in_reply_to_id) ?? null) : null
          const seen = known.get(s.uri)
          if (seen) {
            // Seen before (another stream, another hashtag, a boost): new only if edited since.
            const edit = editIfNewer(s, seen.editedAt, { instanceHost, parentUri })
            if (edit) edits.push(edit)
            remember(s.id, s.uri, s.edited_at ?? seen.editedAt)
            continue
          }
          remember(s.id, s.uri, s.edited_at ?? null)
          const record = statusToRecord(s, { instanceHost, parentUri }, raw)
          // A hashtag or a search is wider than the brand: its rules decide (bad items are kept).
          if (record.ok && !io.rules.matches({ text: record.post.text, lang: record.post.lang }))
            continue
          records.push(record)
          if (record.ok) stored.unshift(s.uri)
        }

        if (pageNewest) newest[stream.key] = pageNewest
        nextPollAt = quotaWait(res, now) ?? nextPollAt
        const prev = linkMinId(res.headers.get('link'))
        minId = prev && isNewer(prev, minId) ? prev : (pageNewest ?? minId)
        if (items.length < config.pageSize || nextPollAt) break
        if (page === config.maxPagesPerPoll - 1) more = true
      }
      if (nextPollAt) break
    }

    // The statuses stored lately are read again for deletes, edits and counts, unless the
    // window is nearly spent (bounded: see recheckStatuses).
    const targets = cursor.recent.flatMap((uri): KnownStatus[] => {
      const k = known.get(uri)
      return k ? [{ id: k.id, uri, editedAt: k.editedAt }] : []
    })
    const recheck = nextPollAt
      ? null
      : await recheckStatuses(
          {
            io,
            instance: config.instance,
            headers,
            instanceHost,
            now,
            uriOf: (id) => uriById.get(id) ?? null,
          },
          targets,
          cursor.noBatchUntil,
        )
    for (const [uri, editedAt] of recheck?.editedAt ?? []) {
      // In place: the order of `known` is when a status was first seen.
      const k = known.get(uri)
      if (k) known.set(uri, { ...k, editedAt })
    }

    return {
      records,
      edits: [...edits, ...(recheck?.edits ?? [])],
      deletes: recheck?.deletes ?? [],
      engagement: recheck?.engagement ?? [],
      warnings: recheck?.warning ? [recheck.warning] : [],
      cursor: {
        streams: newest,
        known: [...known].slice(-KNOWN_LIMIT).map(([uri, k]) => [k.id, uri, k.editedAt]),
        recent: nextRecent(stored, cursor.recent, recheck?.gone ?? new Set(), BATCH_MAX),
        noBatchUntil: recheck ? recheck.noBatchUntil : cursor.noBatchUntil,
      } satisfies MastodonCursor,
      done: false,
      nextPollAt: recheck?.retryAt ?? nextPollAt ?? (more ? now : undefined),
    }
  },
} satisfies Connector

function streamsOf(
  config: z.infer<typeof MastodonConfigSchema>,
  token: string | undefined,
  io: SourceIo,
): Stream[] {
  const streams: Stream[] = config.hashtags.map((tag) => ({
    key: `tag:${tag.toLowerCase()}`,
    url: (minId, limit) =>
      `${config.instance}/api/v1/timelines/tag/${encodeURIComponent(tag)}?${new URLSearchParams({ limit: String(limit), min_id: minId })}`,
    items: (body) => body,
  }))
  // Status search needs a user token; without one only the (public) hashtag timelines are read.
  const q = config.query ?? (config.hashtags.length ? undefined : io.rules.query())
  if (token && q)
    streams.push({
      key: 'search',
      url: (minId, limit) =>
        `${config.instance}/api/v2/search?${new URLSearchParams({ q, type: 'statuses', resolve: 'false', limit: String(limit), min_id: minId })}`,
      items: (body) => (body as { statuses?: unknown } | null)?.statuses,
    })
  return streams
}

function parseBody(res: SourceResponse): unknown {
  try {
    return JSON.parse(res.body)
  } catch (err) {
    throw new SourceError(`Mastodon answered with malformed JSON: ${(err as Error).message}`)
  }
}

/** The `min_id` of the `Link: <…?min_id=N>; rel="prev"` header (the next newer page). */
function linkMinId(link: string | null): string | null {
  const prev = link?.split(',').find((part) => /rel="?prev"?/.test(part))
  const min = prev?.match(/[?&]min_id=(\d+)/)
  return min?.[1] ?? null
}
