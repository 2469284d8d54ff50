import { baseUrlOf, type ReplyAdapter } from './adapter.js'
import { failureOutcome, isSuccess } from './network-http.js'

interface CommentAnswer {
  json?: {
    errors?: unknown[][]
    data?: { things?: Array<{ data: { name: string; permalink?: string } }> }
  }
}

/** A post's fullname: stored ids already are one (t3_ post, t1_ comment); else guessed by depth. */
const fullname = (externalId: string, inReplyTo: string | null) =>
  /^t[13]_/.test(externalId) ? externalId : `${inReplyTo ? 't1' : 't3'}_${externalId}`

/**
 * Reddit: `POST /api/comment` with the parent's fullname. Reddit takes no idempotency key and
 * Firebreak does not yet look for the comment on Reddit, so an attempt whose answer was lost
 * makes the reply `unknown`: a person checks, and retries only if it is not there.
 */
export const redditAdapter: ReplyAdapter<'reddit'> = {
  defaultBaseUrl: 'https://oauth.reddit.com',
  async deliver({ claim, credentials, http, retryBaseMs }) {
    if (claim.resumed)
      return {
        kind: 'unknown',
        reason:
          'Reddit may have published this reply (the answer was lost) and Firebreak cannot check it',
      }
    const base = baseUrlOf(claim, this.defaultBaseUrl)
    const res = await http.request(`${base}/api/comment`, {
      method: 'POST',
      headers: {
        authorization: `bearer ${credentials.accessToken}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        api_type: 'json',
        thing_id: fullname(claim.parent.externalId, claim.parent.inReplyTo),
        text: claim.reply.text,
      }).toString(),
    })
    if (!isSuccess(res)) return failureOutcome('Reddit', res, claim.attempt, retryBaseMs)
    const json = (res.body as CommentAnswer).json
    if (json?.errors?.length)
      return {
        kind: 'failed',
        message: `Reddit refused the reply: ${json.errors.map((e) => e.join(' ')).join('; ')}`,
      }
    const thing = json?.data?.things?.[0]?.data
    if (!thing) return { kind: 'unknown', reason: 'Reddit answered without the comment it made' }
    return {
      kind: 'sent',
      externalId: thing.name,
      url: `https://www.reddit.com${thing.permalink ?? ''}`,
    }
  },
}
