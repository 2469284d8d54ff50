import type { AttemptOutcome } from '../../server/domain/replies/delivery-outbox.js'
import { baseUrlOf, type ReplyAdapter } from './adapter.js'
import {
  backoff,
  failureOutcome,
  isSuccess,
  networkMessage,
  type NetworkAnswer,
} from './network-http.js'

interface Tweet {
  id: string
  text: string
  created_at?: string
  referenced_tweets?: Array<{ type: string; id: string }>
}

/** How far back the look for an earlier attempt's post goes: 10 pages of 100. */
const MAX_PAGES = 10

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

/**
 * X API v2: `POST /2/tweets` with `reply.in_reply_to_tweet_id`. X takes no idempotency key, so
 * before any attempt after one whose answer was lost, the account's recent posts are read: a
 * reply to the same post with the same text (links are rewritten by X, so any reply to that
 * post since the reply was written, when it has a link) is the earlier attempt's, and is
 * recorded. When that cannot be read, the reply is `unknown` and never posted again by itself.
 * A 5xx may come after X made the post, so it is treated as a lost answer too.
 */
export const xAdapter: ReplyAdapter<'x'> = {
  defaultBaseUrl: 'https://api.x.com',
  async deliver({ claim, credentials, http, retryBaseMs }) {
    const base = baseUrlOf(claim, this.defaultBaseUrl)
    const { reply, attempt, parent, account } = claim
    const auth = { authorization: `Bearer ${credentials.accessToken}` }
    const url = (id: string) => `https://x.com/${account.handle.replace(/^@/, '')}/status/${id}`
    const uncertain = (why: string): AttemptOutcome => ({
      kind: 'uncertain',
      reason: why,
      at: backoff(attempt, retryBaseMs),
    })

    if (claim.resumed) {
      const unverifiable = (answer: NetworkAnswer): AttemptOutcome =>
        answer.status === 429 || answer.status >= 500
          ? { ...uncertain(`checking X first: ${networkMessage(answer)}`) }
          : {
              kind: 'unknown',
              reason: `X may have published this reply and it could not be checked: ${networkMessage(answer)}`,
            }
      let userId = account.externalId
      if (!userId) {
        const me = await http.request(`${base}/2/users/me`, { headers: auth })
        if (!isSuccess(me)) return unverifiable(me)
        userId = (me.body as { data: { id: string } }).data.id
      }
      const hasLink = /https?:\/\//.test(reply.text)
      const since = reply.createdAt.getTime() - 60_000
      const isMine = (t: Tweet) =>
        t.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === parent.externalId) &&
        (decode(t.text) === reply.text ||
          (hasLink && (!t.created_at || Date.parse(t.created_at) >= since)))
      // Newest first, page by page, back to a minute before the reply was written: a busy
      // account may have posted more than one page since.
      let mine: Tweet | undefined
      let token: string | undefined
      for (let page = 0; ; page++) {
        if (page === MAX_PAGES)
          return {
            kind: 'unknown',
            reason: `X may have published this reply: over ${MAX_PAGES * 100} newer posts to look through`,
          }
        const q = new URLSearchParams({
          since_id: parent.externalId,
          max_results: '100',
          'tweet.fields': 'referenced_tweets,created_at',
        })
        if (token) q.set('pagination_token', token)
        const timeline = await http.request(`${base}/2/users/${userId}/tweets?${q}`, {
          headers: auth,
        })
        if (!isSuccess(timeline)) return unverifiable(timeline)
        const body = timeline.body as { data?: Tweet[]; meta?: { next_token?: string } }
        const tweets = body.data ?? []
        mine = tweets.find(isMine)
        const older = tweets.some((t) => t.created_at && Date.parse(t.created_at) < since)
        token = body.meta?.next_token
        if (mine || older || !token || !tweets.length) break
      }
      if (mine) return { kind: 'sent', externalId: mine.id, url: url(mine.id) }
    }

    const res = await http.request(`${base}/2/tweets`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        text: reply.text,
        reply: { in_reply_to_tweet_id: parent.externalId },
      }),
    })
    if (isSuccess(res)) {
      const id = (res.body as { data: { id: string } }).data.id
      return { kind: 'sent', externalId: id, url: url(id) }
    }
    if (res.status >= 500) return uncertain(`X answered ${networkMessage(res)}`)
    return failureOutcome('X', res, attempt, retryBaseMs)
  },
}
