import { baseUrlOf, type ReplyAdapter } from './adapter.js'
import { failureOutcome, isSuccess } from './network-http.js'

/** Mastodon keeps an Idempotency-Key for an hour; past this, a repeated key is a new post. */
const KEY_KEPT_MS = 55 * 60_000

/**
 * Mastodon: `POST /api/v1/statuses` with `in_reply_to_id` and an `Idempotency-Key` chosen when
 * the reply was queued. Mastodon answers a repeated key (for an hour) with the status it
 * already made, so a resumed attempt simply posts again, within that hour. Later (every worker
 * was down for an hour), the key no longer protects it: the reply is `unknown`.
 */
export const mastodonAdapter: ReplyAdapter<'mastodon'> = {
  defaultBaseUrl: null,
  async deliver({ claim, credentials, http, retryBaseMs }) {
    const base = baseUrlOf(claim, this.defaultBaseUrl)
    if (
      claim.resumed &&
      claim.previousAttemptAt &&
      Date.now() - claim.previousAttemptAt.getTime() > KEY_KEPT_MS
    )
      return {
        kind: 'unknown',
        reason:
          'Mastodon may have published this reply over an hour ago, and no longer recognises its Idempotency-Key',
      }
    const res = await http.request(`${base}/api/v1/statuses`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${credentials.accessToken}`,
        'content-type': 'application/json',
        'idempotency-key': claim.reply.idempotencyKey,
      },
      body: JSON.stringify({
        status: claim.reply.text,
        in_reply_to_id: claim.parent.externalId,
        visibility: 'public',
      }),
    })
    if (!isSuccess(res)) return failureOutcome('Mastodon', res, claim.attempt, retryBaseMs)
    const status = res.body as { id: string; url: string | null; uri: string }
    return { kind: 'sent', externalId: status.id, url: status.url ?? status.uri }
  },
}
