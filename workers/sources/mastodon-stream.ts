import { z } from 'zod'
import { toIssues, type Issue } from '../../shared/errors.js'
import { SOURCE_KINDS } from '../../shared/schemas/source-kinds.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import { mastodonConnector, MastodonCursorSchema, type MastodonCursor } from './mastodon.js'
import { editIfNewer, isNewer, original, statusToRecord, StatusSchema } from './mastodon-status.js'
import type { StreamConnector, StreamEvent } from './stream-connector.js'

export const MastodonStreamConfigSchema = SOURCE_KINDS['mastodon-stream'].config
type MastodonStreamConfig = z.infer<typeof MastodonStreamConfigSchema>

/** Statuses remembered (local id, uri, edited_at), as the polled reader keeps them. */
const KNOWN_LIMIT = 1000
/** What the network sends us is kept with a rejection up to this size. */
const RAW_MAX = 4096

/** One WebSocket frame: `payload` is a JSON string (a Status) or, for `delete`, a status id. */
const FrameSchema = z.object({
  stream: z.array(z.string()).optional(),
  event: z.string(),
  payload: z.string().optional(),
})

const EMPTY: MastodonCursor = MastodonCursorSchema.parse({ streams: {}, known: [] })
const configs = new WeakMap<SourceRow, { config: MastodonStreamConfig; host: string }>()

/** A source's settings, parsed once per connection (the runner reads the row at each connect). */
function configOf(source: SourceRow) {
  let parsed = configs.get(source)
  if (!parsed) {
    const config = MastodonStreamConfigSchema.parse(source.config)
    parsed = { config, host: new URL(config.instance).host }
    configs.set(source, parsed)
  }
  return parsed
}

/**
 * A Mastodon instance's streaming API over WebSocket: one connection per source, subscribed to
 * its hashtags. Mastodon cannot replay a stream, so after each connect the hashtag timelines
 * are read over REST from the newest id seen (the polled connector, `min_id`) before the
 * frames held meanwhile: nothing said while disconnected is missed, and what both bring is
 * stored once. The cursor is the polled connector's, advanced by streamed statuses too.
 * `update` adds a status, `status.update` replaces its text, `delete` (a local id) deletes it.
 */
export const mastodonStreamConnector = {
  catchUp: mastodonConnector,

  subscribeUrl(source: SourceRow): string {
    const { config } = configOf(source)
    const base =
      config.streamingUrl ?? `${config.instance.replace(/^http/i, 'ws')}/api/v1/streaming`
    const url = new URL(base)
    url.searchParams.set('stream', 'hashtag')
    url.searchParams.set('tag', config.hashtags[0]!)
    return url.toString()
  },

  // The token goes in a header, never in the URL (which is logged).
  handshakeHeaders: (secrets): Record<string, string> =>
    secrets.token ? { authorization: `Bearer ${secrets.token}` } : {},

  openMessages(source: SourceRow): string[] {
    return configOf(source)
      .config.hashtags.slice(1)
      .map((tag) => JSON.stringify({ type: 'subscribe', stream: 'hashtag', tag }))
  },

  readFrame(data, cursor, rules, source) {
    const raw = data.slice(0, RAW_MAX)
    const saved = MastodonCursorSchema.safeParse(cursor)
    const state = saved.success ? saved.data : EMPTY
    const keep = (event: StreamEvent, next: MastodonCursor = state) => ({ event, cursor: next })
    const reject = (issues: Issue[]) => keep({ type: 'record', record: { ok: false, issues, raw } })

    let value: unknown
    try {
      value = JSON.parse(data)
    } catch (err) {
      return reject([{ path: '(frame)', message: `malformed JSON: ${(err as Error).message}` }])
    }
    const frame = FrameSchema.safeParse(value)
    if (!frame.success) return reject(toIssues(frame.error))
    const { event, payload, stream } = frame.data

    if (event === 'delete') {
      const uri = state.known.find(([id]) => id === payload)?.[1]
      // A status this source never read (not on its hashtags, or long ago) is not ours.
      if (!uri) return keep({ type: 'skip' })
      return keep({ type: 'delete', deleted: { network: 'mastodon', externalId: uri } })
    }
    // Notifications, filter changes and announcements are for a user's own client.
    if (event !== 'update' && event !== 'status.update') return keep({ type: 'skip' })

    let status: unknown
    try {
      status = JSON.parse(payload ?? '')
    } catch (err) {
      return reject([{ path: 'payload', message: `malformed JSON: ${(err as Error).message}` }])
    }
    const parsed = StatusSchema.safeParse(status)
    if (!parsed.success)
      return reject(toIssues(parsed.error).map((i) => ({ ...i, path: `payload.${i.path}` })))
    const s = original(parsed.data)
    const { host } = configOf(source)
    const parentUri = s.in_reply_to_id
      ? (state.known.find(([id]) => id === s.in_reply_to_id)?.[1] ?? null)
      : null
    const seen = state.known.find(([, uri]) => uri === s.uri)
    const next = advance(state, parsed.data.id, s, stream)

    if (seen) {
      // An edit, or a status read before (a boost, another hashtag): new text only if edited since.
      const edit = editIfNewer(s, seen[2], { instanceHost: host, parentUri })
      return keep(edit ? { type: 'edit', post: edit } : { type: 'skip' }, next)
    }
    // A status never read (an edit of one too) is new, if it is about the brand.
    const record = statusToRecord(s, { instanceHost: host, parentUri }, raw)
    if (record.ok && !rules.matches({ text: record.post.text, lang: record.post.lang }))
      return keep({ type: 'skip' }, next)
    return keep({ type: 'record', record }, next)
  },
} satisfies StreamConnector

/**
 * The cursor with a streamed status in it: remembered (for its replies, edits and delete), and
 * as the newest id of its hashtag's timeline, so the next catch-up starts after it.
 */
function advance(
  state: MastodonCursor,
  itemId: string,
  s: { id: string; uri: string; edited_at?: string | null },
  stream: string[] | undefined,
): MastodonCursor {
  const streams = { ...state.streams }
  const tag = stream?.[0] === 'hashtag' ? stream[1]?.toLowerCase() : undefined
  if (tag) {
    const key = `tag:${tag}`
    if (isNewer(itemId, streams[key] ?? null)) streams[key] = itemId
  }
  const previous = state.known.find(([, uri]) => uri === s.uri)
  const known = state.known.filter(([, uri]) => uri !== s.uri)
  known.push([s.id, s.uri, s.edited_at ?? previous?.[2] ?? null])
  return { ...state, streams, known: known.slice(-KNOWN_LIMIT) }
}
