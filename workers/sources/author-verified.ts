/**
 * Whether a network vouches for an account, read from its own author object, for the network
 * connectors to put in `author.verified`. Only identity verification counts, and only where a
 * network has it; everywhere else the flag stays unset (null), never false by guess:
 * - X (API v2 user with `user.fields=verified,verified_type`): `verified`, or `verified_type`
 *   blue, business or government;
 * - Bluesky (profileView): `verification.verifiedStatus` `valid`, set when a trusted verifier
 *   (Bluesky itself, or an organisation it trusts) vouches for the account;
 * - Mastodon: none. `fields[].verified_at` proves a profile link belongs to the account, not who
 *   runs it;
 * - Reddit: none. `verified` on a user (t2) means a verified e-mail address;
 * - Hacker News: none.
 */

/** An X API v2 user, as `includes.users[]` carries it. */
export interface XUser {
  verified?: boolean | null
  verified_type?: string | null
}

const X_VERIFIED_TYPES = new Set(['blue', 'business', 'government'])

/** X: `verified_type` when the response has it (it says which kind), else `verified`. */
export function isVerifiedOnX(user: XUser): boolean | null {
  if (typeof user.verified_type === 'string') return X_VERIFIED_TYPES.has(user.verified_type)
  return typeof user.verified === 'boolean' ? user.verified : null
}

/** A Bluesky profileView (basic or detailed), as posts and getProfiles carry it. */
export interface BlueskyProfile {
  verification?: { verifiedStatus?: string | null } | null
}

/** Bluesky: verified when a trusted verifier's verification is valid; unset when not given. */
export function isVerifiedOnBluesky(profile: BlueskyProfile): boolean | null {
  const status = profile.verification?.verifiedStatus
  return typeof status === 'string' ? status === 'valid' : null
}
