import type { AttemptOutcome, ClaimedReply } from '../../server/domain/replies/delivery-outbox.js'
import { baseUrlOf, type ReplyAdapter } from './adapter.js'
import {
  backoff,
  failureOutcome,
  isSuccess,
  networkMessage,
  type NetworkAnswer,
  type NetworkHttp,
} from './network-http.js'

interface CommentAnswer {
  json?: {
    errors?: unknown[][]
    data?: { things?: Array<{ data: { name: string; permalink?: string } }> }
  }
}

/** One comment of a Reddit listing (`/user/<name>/comments`), as far as we read it. */
interface ListedComment {
  name: string
  parent_id: string
  body: string
  permalink: string
  created_utc: number
}

interface Listing {
  data?: { after?: string | null; children?: Array<{ data: ListedComment }> }
}

/** How far back the look for an earlier attempt's comment goes: 10 pages of 100. */
const MAX_PAGES = 10

/** A post's fullname: stored ids already are one (t3_ post, t1_ comment); else guessed by depth. */
const fullname = (externalId: string, inReplyTo: string | null) =>
  /^t[13]_/.test(externalId) ? externalId : `${inReplyTo ? 't1' : 't3'}_${externalId}`

const permalinkUrl = (permalink: string | undefined) => `https://www.reddit.com${permalink ?? ''}`

/**
 * Reddit: `POST /api/comment` with the parent's fullname. Reddit takes no idempotency key, so
 * before any attempt after one whose outcome is unknown (its worker died, its answer was lost,
 * Reddit answered 5xx), the account's newest comments are read (`/user/<name>/comments`, as
 * far back as the reply was written): a comment on the same parent with the same text is the
 * earlier attempt's, and is recorded. When that cannot be read, the reply is `unknown` and
 * never posted again by itself.
 */
export const redditAdapter: ReplyAdapter<'reddit'> = {
  defaultBaseUrl: 'https://oauth.reddit.com',
  async deliver({ claim, credentials, http, retryBaseMs }) {
    const base = baseUrlOf(claim, this.defaultBaseUrl)
    const auth = { authorization: `bearer ${credentials.accessToken}` }
    const thingId = fullname(claim.parent.externalId, claim.parent.inReplyTo)
    const uncertain = (why: string): AttemptOutcome => ({
      kind: 'uncertain',
      reason: why,
      at: backoff(claim.attempt, retryBaseMs),
    })

    if (claim.resumed) {
      const found = await findEarlierComment(http, base, auth, claim, thingId, retryBaseMs)
      if ('kind' in found) return found
      if (found.comment)
        return {
          kind: 'sent',
          externalId: found.comment.name,
          url: permalinkUrl(found.comment.permalink),
        }
    }

    const res = await http.request(`${base}/api/comment`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_type: 'json',
        thing_id: thingId,
        text: claim.reply.text,
      }).toString(),
    })
    // Reddit's 5xx sometimes follows a comment it did make: look before trying again.
    if (res.status >= 500) return uncertain(`Reddit answered ${networkMessage(res)}`)
    if (!isSuccess(res)) return failureOutcome('Reddit', res, claim.attempt, retryBaseMs)
    const json = (res.body as CommentAnswer).json
    if (json?.errors?.length)
      return {
        kind: 'failed',
        message: `Reddit refused the reply: ${json.errors.map((e) => e.join(' ')).join('; ')}`,
      }
    const thing = json?.data?.things?.[0]?.data
    if (!thing) return uncertain('Reddit answered without the comment it made')
    return { kind: 'sent', externalId: thing.name, url: permalinkUrl(thing.permalink) }
  },
}

/**
 * The account's comment answering `thingId` with the reply's text, from its newest comments
 * back to a minute before the reply was written; an outcome when Reddit could not be read
 * (429/5xx: look again later; anything else: `unknown`).
 */
async function findEarlierComment(
  http: NetworkHttp,
  base: string,
  auth: Record<string, string>,
  claim: ClaimedReply,
  thingId: string,
  retryBaseMs: number,
): Promise<{ comment: ListedComment | null } | AttemptOutcome> {
  const unverifiable = (answer: NetworkAnswer): AttemptOutcome =>
    answer.status === 429 || answer.status >= 500
      ? {
          kind: 'uncertain',
          reason: `checking Reddit first: ${networkMessage(answer)}`,
          at: backoff(claim.attempt, retryBaseMs),
        }
      : {
          kind: 'unknown',
          reason: `Reddit may have published this reply and it could not be checked: ${networkMessage(answer)}`,
        }
  const me = await http.request(`${base}/api/v1/me`, { headers: auth })
  if (!isSuccess(me)) return unverifiable(me)
  const name = (me.body as { name?: string } | null)?.name
  if (!name) return { kind: 'unknown', reason: 'Reddit did not say which account this is' }
  // Reddit's text can end with whitespace trimmed away; nothing else about it changes.
  const text = claim.reply.text.trim()
  const since = claim.reply.createdAt.getTime() / 1000 - 60
  let after: string | null = null
  for (let page = 0; page < MAX_PAGES; page++) {
    // raw_json=1: the body as written, not HTML-escaped (&amp; &lt; &gt;).
    const q = new URLSearchParams({ limit: '100', sort: 'new', raw_json: '1' })
    if (after) q.set('after', after)
    const res = await http.request(`${base}/user/${encodeURIComponent(name)}/comments?${q}`, {
      headers: auth,
    })
    if (!isSuccess(res)) return unverifiable(res)
    const data = (res.body as Listing | null)?.data
    const comments = (data?.children ?? []).map((c) => c.data)
    const mine = comments.find((c) => c.parent_id === thingId && c.body.trim() === text)
    if (mine) return { comment: mine }
    const older = comments.some((c) => c.created_utc < since)
    if (older || !data?.after || !comments.length) return { comment: null }
    after = data.after
  }
  return {
    kind: 'unknown',
    reason: `Reddit may have published this reply: over ${MAX_PAGES * 100} newer comments to look through`,
  }
}
