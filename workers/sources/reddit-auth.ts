import { SOURCE_KINDS } from '../../shared/schemas/source-kinds.js'
import { z } from 'zod'
import { failedResponse, SourceError, type SourceIo } from './connector.js'

/** What a Reddit source needs: a "script" or "web" app's client id and secret (app-only OAuth). */
export const RedditSecretsSchema = SOURCE_KINDS.reddit.secrets

const TokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
})

interface CachedToken {
  token: string
  expiresAt: number
  /** The credentials it was issued for: changed credentials must not reuse it. */
  clientId: string
}

/**
 * Tokens by source id, in memory: an app-only token lives a day and asking for one costs a
 * request against the same quota, so each worker asks once per source and expiry. A restarted
 * worker simply asks again.
 */
const tokens = new Map<string, CachedToken>()
/** Renew this long before Reddit's stated expiry, so a token never dies mid-poll. */
const EXPIRY_MARGIN_MS = 60_000

/** Forgets every cached token (a worker restart, in tests). */
export function forgetRedditTokens(): void {
  tokens.clear()
}

/** Drops one source's token after the API refused it (401), so the next ask fetches anew. */
export function dropRedditToken(sourceId: string): void {
  tokens.delete(sourceId)
}

/** The source's bearer token: the cached one while valid, else a new client_credentials grant. */
export async function redditToken(
  io: SourceIo,
  opts: { sourceId: string; authBaseUrl: string; userAgent: string; now: number },
): Promise<string> {
  const secrets = RedditSecretsSchema.safeParse(io.secrets)
  if (!secrets.success) {
    throw new SourceError('reddit needs the app credentials clientId and clientSecret', {
      permanent: true,
    })
  }
  const { clientId, clientSecret } = secrets.data
  const cached = tokens.get(opts.sourceId)
  if (cached && cached.clientId === clientId && cached.expiresAt > opts.now) return cached.token

  const res = await io.fetch(`${opts.authBaseUrl.replace(/\/+$/, '')}/api/v1/access_token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': opts.userAgent,
    },
    body: 'grant_type=client_credentials',
  })
  if (res.status < 200 || res.status > 299) throw failedResponse('reddit', res, opts.now)
  let answer: z.infer<typeof TokenAnswerSchema>
  try {
    // Reddit answers a wrong secret with 200 and `{"error": "invalid_grant"}` on some paths.
    answer = TokenAnswerSchema.parse(JSON.parse(res.body))
  } catch {
    throw new SourceError(`reddit token answer unusable: ${res.body.slice(0, 200)}`, {
      status: res.status,
      permanent: /invalid_grant|unauthorized/i.test(res.body),
    })
  }
  const expiresAt = opts.now + answer.expires_in * 1000 - EXPIRY_MARGIN_MS
  tokens.set(opts.sourceId, { token: answer.access_token, expiresAt, clientId })
  return answer.access_token
}
