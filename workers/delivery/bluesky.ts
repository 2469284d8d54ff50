import type { AttemptOutcome } from '../../server/domain/replies/delivery-outbox.js'
import { baseUrlOf, type ReplyAdapter } from './adapter.js'
import { buildFacets } from './bluesky-facets.js'
import { failureOutcome, isSuccess, networkMessage, type NetworkAnswer } from './network-http.js'

const COLLECTION = 'app.bsky.feed.post'

interface StrongRef {
  uri: string
  cid: string
}

/**
 * Bluesky: `com.atproto.repo.createRecord` of an `app.bsky.feed.post` whose record key (a TID)
 * was chosen when the reply was queued. A repo holds one record per key, so no retry can make a
 * second post: a resumed attempt first asks the PDS for the record under that key, and a
 * create refused because the key is taken is the earlier attempt's post.
 */
export const blueskyAdapter: ReplyAdapter<'bluesky'> = {
  defaultBaseUrl: 'https://bsky.social',
  async deliver({ claim, credentials, http, retryBaseMs }) {
    const base = baseUrlOf(claim, this.defaultBaseUrl)
    const { reply, attempt } = claim
    const session = await http.request(`${base}/xrpc/com.atproto.server.createSession`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        identifier: credentials.identifier,
        password: credentials.appPassword,
      }),
    })
    if (!isSuccess(session)) return failureOutcome('Bluesky', session, attempt, retryBaseMs)
    const { accessJwt, did, handle } = session.body as {
      accessJwt: string
      did: string
      handle?: string
    }
    const auth = { authorization: `Bearer ${accessJwt}` }
    const rkey = reply.idempotencyKey
    const sent = (uri: string): AttemptOutcome => ({
      kind: 'sent',
      externalId: uri,
      url: `https://bsky.app/profile/${handle ?? did}/post/${rkey}`,
    })
    const existing = async (): Promise<string | null | AttemptOutcome> => {
      const q = new URLSearchParams({ repo: did, collection: COLLECTION, rkey })
      const got = await http.request(`${base}/xrpc/com.atproto.repo.getRecord?${q}`, {
        headers: auth,
      })
      if (isSuccess(got)) return (got.body as { uri: string }).uri
      if (got.status === 400 || got.status === 404) return null
      return failureOutcome('Bluesky', got, attempt, retryBaseMs)
    }
    if (claim.resumed) {
      const found = await existing()
      if (typeof found === 'string') return sent(found)
      if (found) return found
    }

    const parentRes = await http.request(
      `${base}/xrpc/app.bsky.feed.getPosts?${new URLSearchParams({ uris: claim.parent.externalId })}`,
      { headers: auth },
    )
    if (!isSuccess(parentRes)) return failureOutcome('Bluesky', parentRes, attempt, retryBaseMs)
    const [parent] = (
      parentRes.body as {
        posts: Array<StrongRef & { record?: { reply?: { root?: StrongRef } } }>
      }
    ).posts
    if (!parent)
      return { kind: 'failed', message: 'Bluesky: the post this reply answers no longer exists' }
    const parentRef = { uri: parent.uri, cid: parent.cid }
    const root = parent.record?.reply?.root ?? parentRef

    // Mentions become links to the person only with their DID; a handle that does not
    // resolve stays plain text. The PDS could not answer: nothing was posted, try again later.
    let unresolved: NetworkAnswer | null = null
    const facets = await buildFacets(reply.text, async (handle) => {
      if (unresolved) return null
      const q = new URLSearchParams({ handle })
      const got = await http.request(`${base}/xrpc/com.atproto.identity.resolveHandle?${q}`, {
        headers: auth,
      })
      if (isSuccess(got)) return (got.body as { did?: string } | null)?.did ?? null
      if (got.status === 400 || got.status === 404) return null
      unresolved = got
      return null
    })
    if (unresolved) return failureOutcome('Bluesky', unresolved, attempt, retryBaseMs)

    const created = await http.request(`${base}/xrpc/com.atproto.repo.createRecord`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        repo: did,
        collection: COLLECTION,
        rkey,
        record: {
          $type: COLLECTION,
          text: reply.text,
          ...(facets.length ? { facets } : {}),
          createdAt: reply.createdAt.toISOString(),
          reply: { root: { uri: root.uri, cid: root.cid }, parent: parentRef },
        },
      }),
    })
    if (isSuccess(created)) return sent((created.body as StrongRef).uri)
    if (created.status >= 400 && created.status < 500 && created.status !== 429) {
      // A key already taken is this reply, published by an attempt whose answer was lost.
      const found = await existing()
      if (typeof found === 'string') return sent(found)
      return { kind: 'failed', message: `Bluesky refused the reply: ${networkMessage(created)}` }
    }
    return failureOutcome('Bluesky', created, attempt, retryBaseMs)
  },
}
