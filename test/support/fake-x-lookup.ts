import type { FixtureReply, SeenRequest } from './fixture-server.js'

export interface TweetCounts {
  like_count: number
  reply_count: number
  retweet_count: number
  quote_count: number
}

/**
 * X's tweets lookup (`GET /2/tweets?ids=`) over a set of live tweets, for FixtureServer.extra:
 * found ids come back in `data` with their `public_metrics`; the others as X answers a deleted
 * tweet, a `resource-not-found` problem in `errors[]` beside a 200 (the shape of X's docs and
 * of real answers). `headers` are sent as given (x-rate-limit-*).
 */
export function fakeXLookup(
  live: Map<string, TweetCounts>,
  headers: Record<string, string> = {},
): (req: SeenRequest) => FixtureReply | undefined {
  return (req) => {
    if (req.method !== 'GET' || req.path !== '/2/tweets') return undefined
    const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean)
    const data = ids.flatMap((id) => {
      const counts = live.get(id)
      return counts ? [{ id, text: `tweet ${id}`, public_metrics: counts }] : []
    })
    const errors = ids
      .filter((id) => !live.has(id))
      .map((id) => ({
        value: id,
        detail: `Could not find tweet with ids: [${id}].`,
        title: 'Not Found Error',
        resource_type: 'tweet',
        parameter: 'ids',
        resource_id: id,
        type: 'https://api.twitter.com/2/problems/resource-not-found',
      }))
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: JSON.stringify({
        ...(data.length ? { data } : {}),
        ...(errors.length ? { errors } : {}),
      }),
    }
  }
}
