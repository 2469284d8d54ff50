import { z } from 'zod'
import { failedResponse, retryAtFrom, SourceError, type SourceResponse } from './connector.js'
import type { BlueskySession } from './bluesky-search-session.js'
import { batches, noRecheck, recheckFailed, type Recheck } from './recheck.js'

/** URIs one `app.bsky.feed.getPosts` takes (the lexicon's maximum). */
const GET_POSTS_MAX = 25
/** Stored posts re-read per poll: at most two getPosts requests. */
export const RECHECK_MAX = 2 * GET_POSTS_MAX
/** Below this many requests left in the PDS's window, the recheck waits for a later poll. */
const LOW_QUOTA = 10

const Count = z.number().int().min(0).nullish()
const CountsSchema = z.object({
  uri: z.string(),
  likeCount: Count,
  replyCount: Count,
  repostCount: Count,
  quoteCount: Count,
})
const GetPostsSchema = z.object({ posts: z.array(z.unknown()) })

/** Whether a network answer leaves room for a recheck in the PDS's rate-limit window. */
export function hasQuotaFor(res: SourceResponse | null): boolean {
  const remaining = Number(res?.headers.get('ratelimit-remaining') ?? NaN)
  return !(remaining < LOW_QUOTA)
}

/**
 * Re-reads stored posts through the same logged-in session as search (`getPosts`, 25 URIs a
 * request): a post missing from the answer is deleted (or its author gone: deactivated, taken
 * down), the others give fresh counts. Never throws: a failure comes back as a warning (what
 * was read before it is kept), a 429 or a spent window as `retryAt`.
 */
export async function recheckPosts(
  session: BlueskySession,
  service: string,
  uris: string[],
  now: number,
): Promise<Recheck> {
  const result = noRecheck()
  for (const batch of batches(uris.slice(0, RECHECK_MAX), GET_POSTS_MAX)) {
    try {
      const params = new URLSearchParams(batch.map((uri): [string, string] => ['uris', uri]))
      const res = await session.get(`${service}/xrpc/app.bsky.feed.getPosts?${params}`, now)
      if (res.status < 200 || res.status >= 300) throw failedResponse('bluesky', res, now)
      const found = readPosts(res)
      for (const uri of batch) {
        const counts = found.get(uri)
        if (counts === undefined) {
          result.deletes.push({ network: 'bluesky', externalId: uri })
          result.gone.add(uri)
        } else if (counts) {
          result.engagement.push({
            network: 'bluesky',
            externalId: uri,
            likes: counts.likeCount ?? 0,
            replies: counts.replyCount ?? 0,
            shares: (counts.repostCount ?? 0) + (counts.quoteCount ?? 0),
          })
        }
      }
      const retryAt = retryAtFrom(res.headers, res.status, now)
      if (retryAt || !hasQuotaFor(res)) return { ...result, ...(retryAt ? { retryAt } : {}) }
    } catch (err) {
      const failed = recheckFailed(err)
      return { ...result, warning: failed.warning, retryAt: failed.retryAt }
    }
  }
  return result
}

/** The posts of a getPosts answer by URI: their counts, or null for one whose counts are unreadable. */
function readPosts(res: SourceResponse): Map<string, z.infer<typeof CountsSchema> | null> {
  let body: z.infer<typeof GetPostsSchema>
  try {
    body = GetPostsSchema.parse(JSON.parse(res.body))
  } catch {
    throw new SourceError('bluesky getPosts answered without posts[]')
  }
  const found = new Map<string, z.infer<typeof CountsSchema> | null>()
  for (const item of body.posts) {
    const view = CountsSchema.safeParse(item)
    const uri = (item as { uri?: unknown } | null)?.uri
    // A post there but with counts we cannot read is not deleted: it keeps its old counts.
    if (view.success) found.set(view.data.uri, view.data)
    else if (typeof uri === 'string') found.set(uri, null)
  }
  return found
}
