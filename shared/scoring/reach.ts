import { round2 } from './ranking.js'

/**
 * An author's reach as scoring reads it: where they stand among the authors seen on the same
 * network, and the network's signals behind it (for the explanation).
 */
export interface AuthorReach {
  /** The author's network: a source key (`bluesky`, `x`, `hn`, or a host). */
  network: string
  /** Percentile 0..1 among the network's authors; null until first computed. */
  percentile: number | null
  karma: number | null
  verified: boolean | null
}

const NETWORK_NAMES: Record<string, string> = {
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  x: 'X',
  twitter: 'X',
  reddit: 'Reddit',
  hackernews: 'Hacker News',
  hn: 'Hacker News',
}

/** A network's name for people: `hn` → "Hacker News"; a host stays as it is. */
export const networkName = (network: string): string => NETWORK_NAMES[network] ?? network

/** 1 → "1st", 12 → "12th", 92 → "92nd". */
export function ordinal(n: number): string {
  const tens = n % 100
  if (tens >= 11 && tens <= 13) return `${n}th`
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`
}

/**
 * "92nd percentile on Bluesky (followers 12,400, verified)": the percentile as the factor's
 * input shows it (hundredths), then the signals the network gave.
 */
export function describePercentile(
  percentile: number,
  reach: AuthorReach,
  followers: number | null,
): string {
  const signals = [
    followers === null ? null : `followers ${followers.toLocaleString('en-US')}`,
    reach.karma === null ? null : `karma ${reach.karma.toLocaleString('en-US')}`,
    reach.verified ? 'verified' : null,
  ].filter((s) => s !== null)
  const place = `${ordinal(Math.round(round2(percentile) * 100))} percentile on ${networkName(reach.network)}`
  return signals.length ? `${place} (${signals.join(', ')})` : `${place} (no follower count given)`
}
