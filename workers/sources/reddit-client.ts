import type { SourceRow } from '../../server/db/repositories/sources.js'
import { failedResponse, SourceError, type SourceIo } from './connector.js'
import { dropRedditToken, redditToken } from './reddit-auth.js'
import { ListingSchema } from './reddit-things.js'

/** The settings a client needs from a Reddit source's config. */
export interface RedditClientConfig {
  baseUrl: string
  authBaseUrl: string
  userAgent?: string
}

/** Below this many requests left in the window, wait for the window's reset. */
const LOW_QUOTA = 2

/** A client for one poll: auth, agent, the 401 retry, and the last rate-limit headers seen. */
export class RedditClient {
  remaining: number | null = null
  resetAt: number | null = null

  constructor(
    private readonly io: SourceIo,
    private readonly source: SourceRow,
    private readonly config: RedditClientConfig,
    private readonly now: number,
  ) {}

  get userAgent(): string {
    return (
      // Credentials stay out of it; an admin names the Reddit account in config.userAgent.
      this.config.userAgent ?? 'server:firebreak:1.0 (social listening)'
    )
  }

  get quotaLow(): boolean {
    return this.remaining !== null && this.remaining < LOW_QUOTA
  }

  async get(path: string, params: Record<string, string>): Promise<unknown> {
    const url = new URL(`${this.config.baseUrl.replace(/\/+$/, '')}${path}`)
    for (const [k, v] of Object.entries({ ...params, raw_json: '1' })) url.searchParams.set(k, v)
    const auth = { sourceId: this.source.id, ...this.config, userAgent: this.userAgent }
    let res = await this.ask(url, await redditToken(this.io, { ...auth, now: this.now }))
    if (res.status === 401) {
      // The token was revoked or expired early: one new token, then the refusal stands.
      dropRedditToken(this.source.id)
      res = await this.ask(url, await redditToken(this.io, { ...auth, now: this.now }))
    }
    // failedResponse keeps an HTML page's words only (the "whoa there, pardner!" 429 page).
    if (res.status < 200 || res.status > 299) throw failedResponse('reddit', res, this.now)
    try {
      return JSON.parse(res.body)
    } catch {
      throw new SourceError(`reddit answered malformed JSON for ${path}`, { status: res.status })
    }
  }

  private async ask(url: URL, token: string) {
    const res = await this.io.fetch(url.toString(), {
      headers: { authorization: `bearer ${token}`, 'user-agent': this.userAgent },
    })
    const remaining = Number(res.headers.get('x-ratelimit-remaining') ?? NaN)
    const reset = Number(res.headers.get('x-ratelimit-reset') ?? NaN)
    if (Number.isFinite(remaining)) this.remaining = remaining
    // Reddit's reset is seconds from now, not an epoch.
    if (Number.isFinite(reset)) this.resetAt = this.now + reset * 1000
    return res
  }

  async listing(path: string, params: Record<string, string>) {
    const parsed = ListingSchema.safeParse(await this.get(path, params))
    if (!parsed.success)
      throw new SourceError(`reddit answered something not a Listing for ${path}`)
    return parsed.data.data
  }
}
