import { SOURCE_KINDS } from '../../shared/schemas/source-kinds.js'
import { z } from 'zod'
import { htmlToText } from '../../server/lib/html-text.js'
import { toPostRecord, type ParsedRecord } from '../../server/domain/ingest/post-records.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import {
  failedResponse,
  SourceError,
  type Connector,
  type DeletedPost,
  type PollResult,
  type SourceIo,
} from './connector.js'

/**
 * Hacker News through Algolia's HN Search (`search_by_date`, newest first, no auth). Stories
 * and comments are searched separately, each with its own cursor, because their volumes
 * differ by orders of magnitude and one must not starve the other of the 1,000-hit cap.
 */
const NETWORK = 'hackernews'
/** Algolia answers at most this many hits per query, however it is paged. */
const HIT_CAP = 1000
const TAGS = ['story', 'comment'] as const
type Tag = (typeof TAGS)[number]

/** What an admin enters (shared with the API and the console). */
export const HackernewsConfigSchema = SOURCE_KINDS.hackernews.config
export const HackernewsSecretsSchema = SOURCE_KINDS.hackernews.secrets

/**
 * Per tag: every hit with `created_at_i <= since` is covered, and so are `seen` (ids at the
 * second `since + 1`, which the next query asks for again so a later-indexed item of that
 * second is not lost). `upper` is set while a window is narrowed under the hit cap.
 */
const TagCursorSchema = z.object({
  since: z.number().int(),
  seen: z.array(z.string()).default([]),
  upper: z.number().int().optional(),
})
type TagCursor = z.infer<typeof TagCursorSchema>
/** How many recently stored items are watched for deletion. */
const WATCHED = 50
const CursorSchema = z.object({
  story: TagCursorSchema,
  comment: TagCursorSchema,
  /** Recently stored ids, the next to check for deletion first. */
  watch: z.array(z.string()).default([]),
})
type Cursor = z.infer<typeof CursorSchema>

/** A hit as Algolia sends it; older formats send every field as null. */
const HitSchema = z.object({
  objectID: z.union([z.string(), z.number()]).transform(String),
  created_at_i: z.number(),
  author: z.string().nullish(),
  title: z.string().nullish(),
  story_text: z.string().nullish(),
  comment_text: z.string().nullish(),
  url: z.string().nullish(),
  story_id: z.union([z.number(), z.string()]).nullish(),
  parent_id: z.union([z.number(), z.string()]).nullish(),
  points: z.number().nullish(),
  num_comments: z.number().nullish(),
  deleted: z.boolean().nullish(),
  dead: z.boolean().nullish(),
})

const PageSchema = z.object({
  hits: z.array(z.unknown()),
  nbHits: z.number().int().default(0),
  nbPages: z.number().int().default(0),
  hitsPerPage: z.number().int().optional(),
  page: z.number().int().default(0),
})
type Page = z.infer<typeof PageSchema>

function startCursor(now: number): Cursor {
  // A new source backfills the last hour.
  const since = Math.floor(now / 1000) - 3600
  return { story: { since, seen: [] }, comment: { since, seen: [] }, watch: [] }
}

function readCursor(value: unknown, now: number): Cursor {
  const parsed = CursorSchema.safeParse(value)
  return parsed.success ? parsed.data : startCursor(now)
}

/** The raw JSON of an item for the rejection list, kept to a few KB. */
const rawOf = (item: unknown) => JSON.stringify(item).slice(0, 4096)

/** A page of one window, or `capped` when Algolia will not show all of it. */
async function fetchPage(
  io: SourceIo,
  config: z.infer<typeof HackernewsConfigSchema>,
  query: string,
  tag: Tag,
  cursor: TagCursor,
  page: number,
  now: number,
): Promise<Page | 'capped'> {
  const filters = [`created_at_i>${cursor.since}`]
  if (cursor.upper !== undefined) filters.push(`created_at_i<=${cursor.upper}`)
  const params = new URLSearchParams({ query, tags: tag, numericFilters: filters.join(',') })
  params.set('hitsPerPage', String(config.hitsPerPage))
  params.set('page', String(page))
  const res = await io.fetch(`${config.baseUrl.replace(/\/$/, '')}/api/v1/search_by_date?${params}`)
  if (res.status === 400 && /1000 hits|pagination/i.test(res.body)) return 'capped'
  if (res.status < 200 || res.status > 299) throw failedResponse(NETWORK, res, now)
  let json: unknown
  try {
    json = JSON.parse(res.body)
  } catch (err) {
    throw new SourceError(`hackernews answered malformed JSON: ${(err as Error).message}`)
  }
  const parsed = PageSchema.safeParse(json)
  if (!parsed.success) throw new SourceError('hackernews answered without a hits list')
  const p = parsed.data
  const perPage = p.hitsPerPage ?? config.hitsPerPage
  // Algolia caps nbPages so that nbPages × hitsPerPage is 1000: the oldest hits are out of reach.
  if (page === 0 && (p.nbHits > HIT_CAP || p.nbPages * perPage >= HIT_CAP)) return 'capped'
  return p
}

/** Maps one hit into a post record, or a delete when Hacker News says it is gone. */
function mapHit(
  item: unknown,
  tag: Tag,
  io: SourceIo,
): { record?: ParsedRecord; delete?: DeletedPost; skip?: true; at?: number } {
  const parsed = HitSchema.safeParse(item)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join('.') || '(item)',
      message: i.message,
    }))
    return { record: { ok: false, issues, raw: rawOf(item) } }
  }
  const hit = parsed.data
  if (hit.deleted || hit.dead) return { delete: { network: NETWORK, externalId: hit.objectID } }
  // Older formats send every field (null where it does not apply): a comment has comment_text.
  const text =
    hit.comment_text != null || (tag === 'comment' && hit.title == null)
      ? htmlToText(hit.comment_text ?? '')
      : [hit.title ?? '', htmlToText(hit.story_text ?? '')].filter(Boolean).join('\n\n')
  if (!io.rules.matches({ text })) return { skip: true, at: hit.created_at_i }
  const record = toPostRecord(
    {
      network: NETWORK,
      externalId: hit.objectID,
      url: `https://news.ycombinator.com/item?id=${hit.objectID}`,
      text,
      postedAt: new Date(hit.created_at_i * 1000).toISOString(),
      author: hit.author ? { externalId: hit.author, handle: hit.author } : undefined,
      threadId: hit.story_id != null ? String(hit.story_id) : null,
      inReplyTo: hit.parent_id != null ? String(hit.parent_id) : null,
      engagement: { likes: hit.points ?? 0, replies: hit.num_comments ?? 0, shares: 0 },
    },
    rawOf(item),
  )
  return { record, at: hit.created_at_i }
}

const FirebaseItemSchema = z
  .object({ deleted: z.boolean().optional(), dead: z.boolean().optional() })
  .nullable()

/** Whether Firebase says the item is deleted or dead; a failed check says no (asked again later). */
async function isDeleted(io: SourceIo, base: string, id: string): Promise<boolean> {
  try {
    const res = await io.fetch(`${base.replace(/\/$/, '')}/v0/item/${encodeURIComponent(id)}.json`)
    if (res.status !== 200) return false
    const item = FirebaseItemSchema.safeParse(JSON.parse(res.body))
    return item.success && item.data !== null && Boolean(item.data.deleted || item.data.dead)
  } catch {
    return false
  }
}

export const hackernewsConnector = {
  async poll(source: SourceRow, now: number, io: SourceIo): Promise<PollResult> {
    const config = HackernewsConfigSchema.parse(source.config ?? {})
    const query = config.query ?? io.rules.query()
    const cursor = readCursor(source.cursor, now)
    const records: ParsedRecord[] = []
    const deletes: DeletedPost[] = []
    let requests = 0
    let more = false
    for (const tag of TAGS) {
      const result = await pollTag(tag, cursor[tag])
      cursor[tag] = result
    }

    /**
     * Reads windows of one tag, oldest window first, until caught up or out of requests. A
     * window is only committed to the cursor whole, so a poll cut short repeats it (the
     * poller drops redelivered posts) rather than skipping any of it.
     */
    async function pollTag(tag: Tag, start: TagCursor): Promise<TagCursor> {
      let at: TagCursor = { ...start }
      for (;;) {
        if (requests >= config.maxRequestsPerPoll) {
          more = true
          return at
        }
        const seenIds = new Set(at.seen)
        const got: Array<{ item: unknown; createdAt: number | undefined }> = []
        let capped = false
        for (let page = 0; ; page++) {
          if (requests >= config.maxRequestsPerPoll) {
            more = true
            return at
          }
          requests++
          const answer = await fetchPage(io, config, query, tag, at, page, now)
          if (answer === 'capped') {
            capped = true
            break
          }
          if (page === 0 && answer.nbPages > 1) {
            // A window read over several polls would restart each time: one that cannot be
            // read within a poll's requests is narrowed, one that can waits for a fresh poll.
            if (answer.nbPages >= config.maxRequestsPerPoll - 1) {
              capped = true
              break
            }
            if (requests + answer.nbPages - 1 > config.maxRequestsPerPoll) {
              more = true
              return at
            }
          }
          for (const item of answer.hits) {
            const c = (item as { created_at_i?: unknown } | null)?.created_at_i
            got.push({ item, createdAt: typeof c === 'number' ? c : undefined })
          }
          if (page + 1 >= answer.nbPages || answer.hits.length === 0) break
        }
        if (capped) {
          const upper = at.upper ?? Math.floor(now / 1000)
          // A single second with more than 1000 hits cannot be narrowed: take what is shown.
          if (upper - at.since > 1) {
            at = { ...at, upper: at.since + Math.floor((upper - at.since) / 2) }
            continue
          }
        }
        const ids = new Set<string>()
        let max = at.since
        for (const { item, createdAt } of got) {
          const id = (item as { objectID?: unknown } | null)?.objectID
          const key = id == null ? undefined : String(id)
          if (key !== undefined && (seenIds.has(key) || ids.has(key))) continue
          // Covered already: a server that ignored the filter must not bring it back.
          if (createdAt !== undefined && createdAt <= at.since) continue
          if (key !== undefined) ids.add(key)
          const mapped = mapHit(item, tag, io)
          if (mapped.record) records.push(mapped.record)
          if (mapped.delete) deletes.push(mapped.delete)
          // A time from the future (older formats sent milliseconds) is set aside by the post
          // schema; it must not carry the cursor past everything still to come.
          const plausible = createdAt !== undefined && createdAt <= Math.floor(now / 1000) + 86_400
          if (plausible && createdAt > max) max = createdAt
        }
        if (at.upper !== undefined) {
          // A narrowed window is covered whole: move past it and read the next one up.
          const done = at.upper
          at = { since: done, seen: [] }
          if (done >= Math.floor(now / 1000)) return at
          continue
        }
        if (max === at.since) return at
        // The newest second may still gain items: ask for it again, minus those seen.
        const atMax = got
          .filter((g) => g.createdAt === max)
          .map((g) => String((g.item as { objectID?: unknown }).objectID))
        const keep = max === at.since + 1 ? [...at.seen, ...atMax] : atMax
        return { since: max - 1, seen: [...new Set(keep)] }
      }
    }

    const stored = records.flatMap((r) => (r.ok ? [r.post.externalId] : []))
    const gone = new Set(deletes.map((d) => d.externalId))
    const checked = cursor.watch.slice(0, config.deleteChecksPerPoll)
    const kept: string[] = []
    for (const id of checked) {
      if (await isDeleted(io, config.firebaseUrl, id)) {
        deletes.push({ network: NETWORK, externalId: id })
        gone.add(id)
      } else kept.push(id)
    }
    // Checked ones go to the back of the queue; the newest are watched first.
    cursor.watch = [...stored, ...cursor.watch.slice(checked.length), ...kept]
      .filter((id, i, all) => !gone.has(id) && all.indexOf(id) === i)
      .slice(0, WATCHED)

    return {
      records,
      deletes,
      cursor,
      done: false,
      nextPollAt: more ? now : now + config.intervalSeconds * 1000,
    }
  },
} satisfies Connector
