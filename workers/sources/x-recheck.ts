import { z } from 'zod'
import { failedResponse, retryAtFrom, SourceError, type SourceIo } from './connector.js'
import { noRecheck, recheckFailed, type Recheck } from './recheck.js'

/** Ids one tweets lookup takes (X's maximum): a recheck is one request. */
export const LOOKUP_MAX = 100
/** Below this many lookups left in X's window, rechecks wait for the window's reset. */
const LOW_QUOTA = 2

// The newest spec (v2.167) renames retweets to reposts; every captured answer uses the old names.
const MetricsSchema = z
  .object({
    like_count: z.number(),
    reply_count: z.number(),
    retweet_count: z.number(),
    repost_count: z.number(),
    quote_count: z.number(),
  })
  .partial()
const LookupSchema = z.object({
  data: z.array(z.object({ id: z.string(), public_metrics: MetricsSchema.nullish() })).optional(),
  /** Problem objects; a tweet deleted (or never there) is a `resource-not-found` naming its id. */
  errors: z
    .array(
      z.object({
        type: z.string().optional(),
        resource_id: z.string().optional(),
        value: z.string().optional(),
      }),
    )
    .optional(),
})

/**
 * Re-reads stored tweets with the tweets lookup (`GET /2/tweets?ids=`, fresh public_metrics):
 * a tweet X answers `resource-not-found` for is deleted; one X withholds for another reason
 * (a protected or suspended author: `not-authorized-for-resource`) is left as it is. Never
 * throws: a failure comes back as a warning, a 429 or a spent window as `retryAt`.
 */
export async function recheckTweets(
  io: SourceIo,
  baseUrl: string,
  bearerToken: string,
  ids: string[],
  now: number,
): Promise<Recheck> {
  const asked = ids.slice(0, LOOKUP_MAX)
  if (!asked.length) return noRecheck()
  try {
    const params = new URLSearchParams({ ids: asked.join(','), 'tweet.fields': 'public_metrics' })
    const res = await io.fetch(`${baseUrl}/2/tweets?${params}`, {
      headers: { authorization: `Bearer ${bearerToken}` },
    })
    if (res.status < 200 || res.status >= 300) throw failedResponse('x', res, now)
    let body: z.infer<typeof LookupSchema>
    try {
      body = LookupSchema.parse(JSON.parse(res.body))
    } catch {
      throw new SourceError('x answered a tweets lookup that is not one')
    }
    const result = noRecheck()
    const wanted = new Set(asked)
    for (const tweet of body.data ?? []) {
      if (!wanted.has(tweet.id)) continue
      const m = tweet.public_metrics ?? {}
      result.engagement.push({
        network: 'x',
        externalId: tweet.id,
        likes: m.like_count ?? 0,
        replies: m.reply_count ?? 0,
        shares: (m.retweet_count ?? m.repost_count ?? 0) + (m.quote_count ?? 0),
      })
    }
    for (const problem of body.errors ?? []) {
      const id = problem.resource_id ?? problem.value
      if (!id || !wanted.has(id) || !problem.type?.endsWith('/resource-not-found')) continue
      result.deletes.push({ network: 'x', externalId: id })
      result.gone.add(id)
    }
    // The lookup has a window of its own (X limits each endpoint apart): spent, rechecks wait.
    const remaining = Number(res.headers.get('x-rate-limit-remaining') ?? NaN)
    if (remaining < LOW_QUOTA) {
      const retryAt = retryAtFrom(res.headers, 429, now)
      if (retryAt) result.retryAt = retryAt
    }
    return result
  } catch (err) {
    return recheckFailed(err)
  }
}
