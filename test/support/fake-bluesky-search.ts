import {
  FixtureServer,
  loadFixture,
  type FixtureReply,
  type SeenRequest,
} from './fixture-server.js'

const json = (status: number, body: unknown): FixtureReply => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
})

/** The postViews of the recorded search pages, by at-URI. */
function recordedViews(): Map<string, Record<string, unknown>> {
  const views = new Map<string, Record<string, unknown>>()
  for (const page of ['page1', 'page2_last']) {
    const body = loadFixture(`bluesky/appview/searchPosts.klout.${page}.assembled.json`).body
    for (const view of (JSON.parse(body.toString()) as { posts: Array<{ uri: string }> }).posts)
      views.set(view.uri, view)
  }
  return views
}

/**
 * The Bluesky fixtures (searchPosts pages, getProfiles) behind a PDS that checks tokens: the
 * recordings have no login, so createSession and refreshSession are answered here, and a
 * searchPosts or getPosts without a token in `validTokens` gets the recorded 401 AuthMissing.
 * Expiring a token is deleting it from the set. getPosts answers the recorded postViews of the
 * URIs asked for, as the AppView does: a post in `deleted` (or never recorded) is left out, and
 * `counts` override a post's recorded counts.
 */
export class FakeBlueskySearch extends FixtureServer {
  readonly validTokens = new Set<string>()
  password = 'app-pass-1234'
  /** Refuse every token, even fresh ones (a revoked app password). */
  refuseTokens = false
  readonly deleted = new Set<string>()
  readonly counts = new Map<string, Record<string, number>>()
  private issued = 0
  private readonly views = recordedViews()

  constructor() {
    super('bluesky')
    this.extra.push((req) => this.auth(req))
  }

  /** Requests to one XRPC method. */
  calls(method: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === `/xrpc/${method}`)
  }

  private issue(): FixtureReply {
    this.issued++
    const accessJwt = `access-${this.issued}`
    this.validTokens.add(accessJwt)
    return json(200, {
      accessJwt,
      refreshJwt: `refresh-${this.issued}`,
      handle: 'klout-watch.example.com',
      did: 'did:plc:firebreakwatcher00000000',
      active: true,
    })
  }

  private auth(req: SeenRequest): FixtureReply | undefined {
    if (req.path === '/xrpc/com.atproto.server.createSession') {
      const body = JSON.parse(req.body || '{}') as { password?: string }
      return body.password === this.password
        ? this.issue()
        : json(401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' })
    }
    if (req.path === '/xrpc/com.atproto.server.refreshSession') {
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? ''
      return token.startsWith('refresh-')
        ? this.issue()
        : json(400, { error: 'ExpiredToken', message: 'Token has expired' })
    }
    if (
      req.path === '/xrpc/app.bsky.feed.searchPosts' ||
      req.path === '/xrpc/app.bsky.feed.getPosts'
    ) {
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? ''
      if (this.refuseTokens || !this.validTokens.has(token)) {
        return loadFixture(
          'bluesky/appview/error_401_auth_missing.assembled.json',
          'bluesky/appview/error_401_auth_missing.assembled.json.headers.txt',
        )
      }
    }
    if (req.path === '/xrpc/app.bsky.feed.getPosts') return this.getPosts(req)
    return undefined
  }

  private getPosts(req: SeenRequest): FixtureReply {
    const uris = req.query.getAll('uris')
    if (uris.length > 25)
      return json(400, {
        error: 'InvalidRequest',
        message: 'uris must not have more than 25 elements',
      })
    const posts = uris.flatMap((uri) => {
      const view = this.views.get(uri)
      return view && !this.deleted.has(uri) ? [{ ...view, ...this.counts.get(uri) }] : []
    })
    return json(200, { posts })
  }
}

/** The five Klout posts of the two recorded search pages, newest first. */
export const KLOUT_POST_URIS = [
  'at://did:plc:mrxcsr3aebqmlry2lmvpmdge/app.bsky.feed.post/3mtvziauyec2b',
  'at://did:plc:4pqjrxhcs7xz33dyzkwtl244/app.bsky.feed.post/3mtvzbthnok2b',
  'at://did:plc:pkysfswgeplinvtwul5iv2nz/app.bsky.feed.post/3mtvyrxs5ac2b',
  'at://did:plc:7exwn6qiqetcuru7haifpnvv/app.bsky.feed.post/3mtvygl4y5k2b',
  'at://did:plc:xeklumh4upjv3methdr2ho26/app.bsky.feed.post/3mtvyaddzwk2b',
]
