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
      const q = new URLSearchParams({
        since_id: parent.externalId,
        max_results: '100',
        'tweet.fields': 'referenced_tweets,created_at',
      })
      const timeline = await http.request(`${base}/2/users/${userId}/tweets?${q}`, {
        headers: auth,
      })
      if (!isSuccess(timeline)) return unverifiable(timeline)
      const hasLink = /https?:\/\//.test(reply.text)
      const since = reply.createdAt.getTime() - 60_000
      const mine = ((timeline.body as { data?: Tweet[] }).data ?? []).find(
        (t) =>
          t.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === parent.externalId) &&
          (decode(t.text) === reply.text ||
            (hasLink && (!t.created_at || Date.parse(t.created_at) >= since))),
      )
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
