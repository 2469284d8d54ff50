import { FixtureServer, loadFixture, type FixtureReply } from './fixture-server.js'

type Thing = { kind: string; data: Record<string, unknown> }

const listingOf = (file: string): Thing[] =>
  (JSON.parse(loadFixture(file).body.toString()) as { data: { children: Thing[] } }).data.children

/** Links of the two search pages, newest first, then the r/KloutUsers comments. */
export const KLOUT_LINKS = ['t3_1n0m2hv', 't3_1n0kx3b', 't3_1n0k7qz']
export const KLOUT_COMMENTS = ['t1_nb1t0zz', 't1_nb1r8k0', 't1_nb1q2w3']

const json = (body: unknown, status = 200): FixtureReply => ({
  status,
  headers: { 'content-type': 'application/json; charset=UTF-8' },
  body: JSON.stringify(body),
})

/**
 * Reddit's OAuth host and API on one local server: the recorded listings of routes.json, an
 * access-token endpoint that issues numbered tokens (checking Basic auth), bearer checks that
 * answer the recorded 401, and `/api/info` answered from the recorded things (with the
 * recorded deleted comment once `deleted` names it).
 */
export class FakeReddit extends FixtureServer {
  readonly clientId = 'klout-watch-app'
  readonly clientSecret = 'shh-secret'
  validTokens = new Set<string>()
  issued = 0
  /** Token requests answered by the recorded 429 (JSON body) instead. */
  rateLimitTokens = false
  /** Every bearer token is refused (a revoked app). */
  refuseTokens = false
  deleted = new Set<string>()

  constructor() {
    super('reddit')
    const things = new Map<string, Thing>()
    for (const file of [
      'reddit/search.klout.page1.assembled.json',
      'reddit/search.klout.page2_last.assembled.json',
      'reddit/r_KloutUsers_comments.assembled.json',
    ])
      for (const thing of listingOf(file)) things.set(String(thing.data.name), thing)
    const gone = listingOf('reddit/api_info_deleted_klout_comment.assembled.json')[0]!

    this.extra.push((req) => {
      if (req.path !== '/api/v1/access_token') return undefined
      if (this.rateLimitTokens) return undefined // the recorded 429
      const basic = Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')
      if (req.headers.authorization !== `Basic ${basic}`) return json({ error: 401 }, 401)
      if (req.body !== 'grant_type=client_credentials')
        return json({ error: 'unsupported_grant_type' })
      const token = `token-${++this.issued}`
      this.validTokens.add(token)
      return json({ access_token: token, token_type: 'bearer', expires_in: 86400, scope: '*' })
    })
    this.extra.push((req) => {
      if (req.path === '/api/v1/access_token') return undefined
      const token = /^bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
      if (this.refuseTokens || !token || !this.validTokens.has(token))
        return loadFixture('reddit/error_401.real.json', 'reddit/error_401.real.json.headers.txt')
      return undefined
    })
    this.extra.push((req) => {
      if (req.path !== '/api/info') return undefined
      const children = (req.query.get('id') ?? '')
        .split(',')
        .filter((name) => things.has(name))
        .map((name) =>
          this.deleted.has(name) && name === gone.data.name ? gone : things.get(name)!,
        )
      return json({ kind: 'Listing', data: { after: null, children } })
    })
  }

  calls(path: string) {
    return this.requests.filter((r) => r.path === path)
  }
}
