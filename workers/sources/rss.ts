import { parseFeed } from '@rowanmanning/feed-parser'
import { z } from 'zod'
import { SOURCE_KINDS } from '../../shared/schemas/source-kinds.js'
import { toPostRecord, type ParsedRecord } from '../../server/domain/ingest/post-records.js'
import { htmlToText } from '../../server/lib/html-text.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import {
  failedResponse,
  SourceError,
  type Connector,
  type PollResult,
  type SourceIo,
} from './connector.js'

/** Item ids remembered, newest first: a feed re-lists its latest items on every read. */
const SEEN_LIMIT = 2000

const RssCursorSchema = z.object({
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  seen: z.array(z.string()),
})
type RssCursor = z.infer<typeof RssCursorSchema>

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1'

/**
 * An RSS 2.0, Atom or RDF feed (a blog, a news alert, a forum's feed), read with a conditional
 * GET: an unchanged feed answers 304 and costs nothing. Feeds have no cursor of their own, so
 * the ids already read are remembered; an item read once is not handed to ingest again. The
 * network of its posts is the feed's host, so an item keeps its identity however it is linked.
 */
export const rssConnector = {
  async poll(source: SourceRow, now: number, io: SourceIo): Promise<PollResult> {
    const { url } = SOURCE_KINDS.rss.config.parse(source.config)
    const saved = RssCursorSchema.safeParse(source.cursor)
    const cursor: RssCursor = saved.success
      ? saved.data
      : { etag: null, lastModified: null, seen: [] }
    const headers: Record<string, string> = { accept: ACCEPT }
    if (cursor.etag) headers['if-none-match'] = cursor.etag
    if (cursor.lastModified) headers['if-modified-since'] = cursor.lastModified
    const res = await io.fetch(url, { headers })
    if (res.status === 304) return { records: [], cursor, done: false }
    if (res.status < 200 || res.status >= 300) throw failedResponse('The feed', res, now)

    let feed: ReturnType<typeof parseFeed>
    try {
      // Some feeds (WordPress 2.x) start with a newline before `<?xml`, which parsers refuse.
      feed = parseFeed(res.body.trimStart())
    } catch (err) {
      throw new SourceError(`not a feed: ${(err as Error).message.split('\n')[0]}`)
    }
    const network = feedNetwork(url)
    const seen = new Set(cursor.seen)
    const fresh: string[] = []
    const records: ParsedRecord[] = []
    for (const item of feed.items) {
      const raw = JSON.stringify(item).slice(0, 4000)
      const id = item.id ?? item.url
      if (!id) {
        records.push({
          ok: false,
          issues: [{ path: 'id', message: 'the item has neither an id nor a link' }],
          raw,
        })
        continue
      }
      if (seen.has(id)) continue
      seen.add(id)
      fresh.push(id)
      const title = item.title ? htmlToText(item.title) : ''
      const body = htmlToText(item.content ?? item.description ?? '')
      const text = [title, body].filter(Boolean).join('\n\n')
      const lang = feed.language?.split(/[-_]/)[0]?.toLowerCase() ?? null
      if (!io.rules.matches({ text, lang })) continue
      const author = item.authors.find((a) => a.name?.trim())?.name?.trim() ?? feed.title ?? network
      records.push(
        toPostRecord(
          {
            network,
            externalId: id,
            url: unwrapRedirect(item.url),
            text,
            lang,
            // An item without a date is news all the same: it is dated when first read.
            postedAt: item.published ?? item.updated ?? new Date(now),
            author: { externalId: `${network}:${author}`, handle: author, displayName: author },
            // A WordPress comment (`…?p=2417#comment-88`) belongs to its post's thread.
            threadId: id.includes('#comment-') ? id.split('#comment-')[0] : null,
          },
          raw,
        ),
      )
    }
    return {
      records,
      cursor: {
        etag: res.headers.get('etag'),
        lastModified: res.headers.get('last-modified'),
        seen: [...fresh.reverse(), ...cursor.seen].slice(0, SEEN_LIMIT),
      } satisfies RssCursor,
      done: false,
    }
  },
} satisfies Connector

/** The feed's host, as the network its items are identified on (`blog.example.org`). */
function feedNetwork(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '')
}

/** Google Alerts links go through `google.com/url?url=<target>`: the post is the target. */
function unwrapRedirect(link: string | null): string | null {
  if (!link) return null
  try {
    const parsed = new URL(link)
    if (/(^|\.)google\.[a-z.]+$/.test(parsed.hostname) && parsed.pathname === '/url')
      return parsed.searchParams.get('url') ?? link
  } catch {
    return null
  }
  return link
}
