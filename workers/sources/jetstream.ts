import { SOURCE_KINDS } from '../../shared/schemas/source-kinds.js'
import { z } from 'zod'
import type { BrandRules } from '../../shared/brand-rules.js'
import { toIssues, type Issue } from '../../shared/errors.js'
import { toPostRecord } from '../../server/domain/ingest/post-records.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import type { StreamConnector, StreamEvent } from './stream-connector.js'
import { decodeJetstreamFrame } from './jetstream-zstd.js'

/** Bluesky's public Jetstream (JSON over WebSocket, no auth). */
export const JETSTREAM_DEFAULT_URL = 'wss://jetstream2.us-east.bsky.network/subscribe'
const POST_COLLECTION = 'app.bsky.feed.post'
const NETWORK = 'bluesky'

/** What an admin enters (shared with the API and the console); Jetstream needs no credentials. */
export const BlueskyJetstreamConfigSchema = SOURCE_KINDS['bluesky-jetstream'].config
export const BlueskyJetstreamSecretsSchema = SOURCE_KINDS['bluesky-jetstream'].secrets

/**
 * The highest `time_us` stored. Delivery order is not monotonic (the fixtures show 42
 * inversions in 152 events), so the maximum, not the last, is what a reconnect starts from.
 */
const CursorSchema = z.object({ timeUs: z.number().int().positive() })
/** A new source backfills a little: Jetstream keeps about 36 h. */
const FIRST_START_BACK_US = 3600 * 1e6
/** A reconnect asks for this much before the cursor, for events delivered late (replays are no-ops). */
export const RESUME_OVERLAP_US = 5 * 1e6
/** What the network sends us is kept with a rejection up to this size. */
const RAW_MAX = 4096

const FrameSchema = z.object({
  did: z.string().min(1),
  time_us: z.number().int().positive(),
  kind: z.string(),
})
const CommitSchema = z.object({
  operation: z.enum(['create', 'update', 'delete']),
  collection: z.string().min(1),
  rkey: z.string().min(1),
  record: z.unknown().optional(),
})
const PostTextSchema = z.object({ text: z.string() })
const PostRecordSchema = z.object({
  text: z.string(),
  createdAt: z.string(),
  langs: z.array(z.string()).optional(),
  reply: z
    .object({ root: z.object({ uri: z.string() }), parent: z.object({ uri: z.string() }) })
    .optional(),
})
const AccountSchema = z.object({ active: z.boolean(), status: z.string().optional() })

const postUri = (did: string, rkey: string) => `at://${did}/${POST_COLLECTION}/${rkey}`

/** Zod's issues, with their paths from the frame's root. */
const issuesUnder = (prefix: string, error: z.ZodError): Issue[] =>
  toIssues(error).map((i) => ({
    ...i,
    path: i.path === '(root)' ? prefix : `${prefix}.${i.path}`,
  }))

function readCursorUs(cursor: unknown): number | null {
  const parsed = CursorSchema.safeParse(cursor)
  return parsed.success ? parsed.data.timeUs : null
}

/**
 * Bluesky's firehose through Jetstream, filtered to posts server-side and to the brand's rules
 * here. Creates become posts (the author's handle is their DID until a profile is known, their
 * followers unknown), deletes and deactivated accounts delete what this source stored.
 */
export const blueskyJetstreamConnector = {
  subscribeUrl(source: SourceRow, cursor: unknown, now: number): string {
    const { url, compress } = BlueskyJetstreamConfigSchema.parse(source.config)
    const stored = readCursorUs(cursor)
    const from = stored === null ? now * 1000 - FIRST_START_BACK_US : stored - RESUME_OVERLAP_US
    const target = new URL(url)
    target.searchParams.set('wantedCollections', POST_COLLECTION)
    target.searchParams.set('cursor', String(Math.floor(from)))
    if (compress) target.searchParams.set('compress', 'true')
    return target.toString()
  },

  /** Compressed frames (asked for with `compress`) come as binary zstd frames. */
  decodeFrame: (data: Buffer, isBinary: boolean) => decodeJetstreamFrame(data, isBinary),

  readFrame(data: string, cursor: unknown, rules: BrandRules) {
    const before = readCursorUs(cursor)
    const raw = data.slice(0, RAW_MAX)
    const reject = (issues: Issue[]): { event: StreamEvent; cursor: unknown } => ({
      event: { type: 'record', record: { ok: false, issues, raw } },
      cursor,
    })
    let value: unknown
    try {
      value = JSON.parse(data)
    } catch (err) {
      return reject([{ path: '(frame)', message: `malformed JSON: ${(err as Error).message}` }])
    }
    const frame = FrameSchema.safeParse(value)
    if (!frame.success) return reject(toIssues(frame.error))
    const { did, time_us: timeUs } = frame.data
    // A frame set aside still advances the cursor: a replay would set it aside again.
    const next = { timeUs: before === null ? timeUs : Math.max(before, timeUs) }
    return { event: readEvent(value as Record<string, unknown>, did, rules, raw), cursor: next }
  },
} satisfies StreamConnector

function readEvent(
  value: Record<string, unknown>,
  did: string,
  rules: BrandRules,
  raw: string,
): StreamEvent {
  const rejected = (issues: Issue[]): StreamEvent => ({
    type: 'record',
    record: { ok: false, issues, raw },
  })
  if (value.kind === 'account') {
    const account = AccountSchema.safeParse(value.account)
    if (!account.success) return rejected(issuesUnder('account', account.error))
    if (account.data.active) return { type: 'skip' }
    return {
      type: 'authorGone',
      network: NETWORK,
      authorExternalId: did,
      status: account.data.status ?? null,
    }
  }
  // Identity events (handle changes) reach every subscriber; handles come from profiles.
  if (value.kind !== 'commit') return { type: 'skip' }
  const commit = CommitSchema.safeParse(value.commit)
  if (!commit.success) return rejected(issuesUnder('commit', commit.error))
  const { operation, collection, rkey, record } = commit.data
  // The server filters by collection; an unfiltered endpoint is filtered here.
  if (collection !== POST_COLLECTION) return { type: 'skip' }
  const externalId = postUri(did, rkey)
  if (operation === 'delete') return { type: 'delete', deleted: { network: NETWORK, externalId } }
  // Bluesky posts are not edited in place; an update (rare, by other clients) is ignored.
  if (operation === 'update') return { type: 'skip' }
  // Matched before the rest is checked: a bad record about something else is not ours to keep.
  const said = PostTextSchema.safeParse(record)
  if (!said.success) return rejected(issuesUnder('commit.record', said.error))
  const firstLang = (record as { langs?: unknown }).langs
  const saidLang =
    Array.isArray(firstLang) && typeof firstLang[0] === 'string' ? firstLang[0] : null
  if (!rules.matches({ text: said.data.text, lang: saidLang })) return { type: 'skip' }
  const post = PostRecordSchema.safeParse(record)
  if (!post.success) return rejected(issuesUnder('commit.record', post.error))
  const { text, createdAt, langs, reply } = post.data
  const lang = langs?.[0] ?? null
  return {
    type: 'record',
    record: toPostRecord(
      {
        network: NETWORK,
        externalId,
        url: `https://bsky.app/profile/${did}/post/${rkey}`,
        text,
        lang,
        postedAt: createdAt,
        // A profile (handle, followers, verification) is fetched apart; until then the DID.
        author: { externalId: did, handle: did, followers: null },
        inReplyTo: reply?.parent.uri ?? null,
        threadId: reply?.root.uri ?? null,
      },
      raw,
    ),
  }
}
