import { z } from 'zod'
import { isVerifiedOnBluesky } from './author-verified.js'
import { failedResponse, SourceError, type SourceIo } from './connector.js'

/** The public AppView: getProfiles needs no login. */
export const PUBLIC_APPVIEW_URL = 'https://public.api.bsky.app'
/** getProfiles takes at most 25 actors per request (lexicon `app.bsky.actor.getProfiles`). */
export const PROFILES_BATCH = 25

/** What Firebreak needs of an account for reach: followers, and whether a verifier vouches. */
export interface BlueskyReach {
  followers: number | null
  verified: boolean | null
}

const ProfileSchema = z.object({
  did: z.string().min(1),
  followersCount: z.number().int().min(0).nullish(),
  verification: z.object({ verifiedStatus: z.string().nullish() }).nullish(),
})
const ProfilesAnswerSchema = z.object({ profiles: z.array(z.unknown()) })

interface Entry {
  reach: BlueskyReach
  expiresAt: number
}

/**
 * A bounded cache of Bluesky accounts' reach, read from `app.bsky.actor.getProfiles` in
 * batches of 25. Posts (search results and Jetstream records alike) carry no follower counts,
 * and the same few authors post again and again, so each is asked at most once per `ttlMs`.
 * Least recently used entries go first once `maxEntries` is reached. An account the AppView
 * does not return (deleted, taken down) is cached with unknown reach, so it is not re-asked
 * on every post.
 */
export class BlueskyProfiles {
  private readonly entries = new Map<string, Entry>()
  readonly baseUrl: string
  readonly ttlMs: number
  readonly maxEntries: number

  constructor(options: { baseUrl?: string; ttlMs?: number; maxEntries?: number } = {}) {
    this.baseUrl = (options.baseUrl ?? PUBLIC_APPVIEW_URL).replace(/\/+$/, '')
    this.ttlMs = options.ttlMs ?? 6 * 3600 * 1000
    this.maxEntries = options.maxEntries ?? 10_000
  }

  get size(): number {
    return this.entries.size
  }

  /** The cached reach of `did`, if fresh at `now`. */
  peek(did: string, now: number): BlueskyReach | undefined {
    const entry = this.entries.get(did)
    if (!entry) return undefined
    if (entry.expiresAt <= now) {
      this.entries.delete(did)
      return undefined
    }
    // Re-insert so Map order is least recently used first.
    this.entries.delete(did)
    this.entries.set(did, entry)
    return entry.reach
  }

  /**
   * The reach of each DID, from the cache or asked in batches of 25. Throws SourceError when
   * the AppView fails (429 with its retry time included), so a poll is retried rather than
   * storing posts without their reach.
   */
  async lookup(
    fetch: SourceIo['fetch'],
    dids: Iterable<string>,
    now: number,
  ): Promise<Map<string, BlueskyReach>> {
    const found = new Map<string, BlueskyReach>()
    const missing: string[] = []
    for (const did of new Set(dids)) {
      const cached = this.peek(did, now)
      if (cached) found.set(did, cached)
      else missing.push(did)
    }
    for (let i = 0; i < missing.length; i += PROFILES_BATCH) {
      const batch = missing.slice(i, i + PROFILES_BATCH)
      const answered = await this.fetchBatch(fetch, batch, now)
      for (const did of batch) {
        const reach = answered.get(did) ?? { followers: null, verified: null }
        this.remember(did, reach, now)
        found.set(did, reach)
      }
    }
    return found
  }

  /** Stores what another reader learnt (e.g. a profileView it already holds). */
  remember(did: string, reach: BlueskyReach, now: number): void {
    this.entries.delete(did)
    this.entries.set(did, { reach, expiresAt: now + this.ttlMs })
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string
      this.entries.delete(oldest)
    }
  }

  private async fetchBatch(fetch: SourceIo['fetch'], dids: string[], now: number) {
    const query = new URLSearchParams(dids.map((did): [string, string] => ['actors', did]))
    const res = await fetch(`${this.baseUrl}/xrpc/app.bsky.actor.getProfiles?${query}`, {
      headers: { accept: 'application/json' },
    })
    if (res.status < 200 || res.status >= 300) {
      const err = failedResponse('bluesky', res, now)
      throw new SourceError(`getProfiles: ${err.message}`, err.options)
    }
    let body: unknown
    try {
      body = JSON.parse(res.body)
    } catch {
      throw new SourceError('bluesky getProfiles answered with a body that is not JSON')
    }
    const parsed = ProfilesAnswerSchema.safeParse(body)
    if (!parsed.success) throw new SourceError('bluesky getProfiles answered without profiles[]')
    const reach = new Map<string, BlueskyReach>()
    for (const item of parsed.data.profiles) {
      // One odd profile costs only its own reach.
      const profile = ProfileSchema.safeParse(item)
      if (!profile.success) continue
      reach.set(profile.data.did, {
        followers: profile.data.followersCount ?? null,
        verified: isVerifiedOnBluesky(profile.data),
      })
    }
    return reach
  }
}

const shared = new Map<string, BlueskyProfiles>()

/** The process-wide cache for one AppView, shared by every Bluesky source that reads it. */
export function blueskyProfilesFor(baseUrl: string = PUBLIC_APPVIEW_URL): BlueskyProfiles {
  const key = baseUrl.replace(/\/+$/, '')
  let profiles = shared.get(key)
  if (!profiles) {
    profiles = new BlueskyProfiles({ baseUrl: key })
    shared.set(key, profiles)
  }
  return profiles
}
