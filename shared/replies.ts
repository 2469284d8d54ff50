/**
 * Replies as the networks count them: a reply over its network's limit is refused before it is
 * queued, so the network never has to. Each network counts differently (graphemes, weighted
 * characters), and `string.length` (UTF-16 units) is none of them.
 */

/** Networks Firebreak can deliver a reply to through a brand's reply account. */
export const REPLY_NETWORKS = ['bluesky', 'mastodon', 'x', 'reddit'] as const
export type ReplyNetwork = (typeof REPLY_NETWORKS)[number]

export const isReplyNetwork = (network: string): network is ReplyNetwork =>
  (REPLY_NETWORKS as readonly string[]).includes(network)

/**
 * A reply's path: `awaiting_approval` (the brand's rule holds it for an adviser; never delivered
 * from there), `returned` (an adviser sent it back with a comment; its author edits and submits
 * it again, or discards it: `discarded`, final), `queued` (waiting for its turn or a retry), `sending` (an attempt started and
 * its outcome is not recorded yet), `sent`, `failed` (the network refused it; a person may
 * retry), `unknown` (it may have been published and that could not be checked: never resent
 * by itself, RELIABILITY #4).
 */
export const REPLY_STATES = [
  'awaiting_approval',
  'returned',
  'discarded',
  'queued',
  'sending',
  'sent',
  'failed',
  'unknown',
] as const
export type ReplyState = (typeof REPLY_STATES)[number]

/** `delivery` goes out through Firebreak; `elsewhere` was posted by hand and recorded by its URL. */
export const REPLY_KINDS = ['delivery', 'elsewhere'] as const
export type ReplyKind = (typeof REPLY_KINDS)[number]

/** States from which a person may ask for another attempt. */
export const RETRYABLE_REPLY_STATES = ['failed', 'unknown'] as const satisfies readonly ReplyState[]

export interface ReplyLimit {
  max: number
  unit: 'graphemes' | 'weighted characters' | 'characters'
}

/** Each network's limit: Mastodon's is the instance's (500 unless it says otherwise). */
export const REPLY_LIMITS: Record<ReplyNetwork, ReplyLimit> = {
  bluesky: { max: 300, unit: 'graphemes' },
  mastodon: { max: 500, unit: 'characters' },
  x: { max: 280, unit: 'weighted characters' },
  reddit: { max: 10_000, unit: 'characters' },
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const graphemes = (text: string): string[] => Array.from(segmenter.segment(text), (s) => s.segment)

/** Graphemes, as Bluesky counts a post's text (a family emoji or a flag is one). */
export const countGraphemes = (text: string): number => graphemes(text).length

/** Mastodon counts every link as 23 characters, whatever its length. */
const URL_PATTERN = /https?:\/\/[^\s]+/gu
const URL_WEIGHT = 23

/**
 * Mastodon's count: code points (it counts with Ruby's `String#length`), each link as 23, and
 * a remote mention (`@user@domain`) by its username only.
 */
export function countMastodon(text: string): number {
  const withoutUrls = text.replace(URL_PATTERN, 'x'.repeat(URL_WEIGHT))
  const mentionsLocal = withoutUrls.replace(/(@[\w.]+)@[\w.-]+\w/gu, '$1')
  return Array.from(mentionsLocal).length
}

/** twitter-text's ranges that weigh 1; every other code point weighs 2. */
const LIGHT_RANGES: Array<[number, number]> = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
]
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u

/**
 * X's weighted length (twitter-text v3): code points in the light ranges weigh 1, others
 * (CJK, most symbols) 2, an emoji sequence 2 however many code points it joins, a URL 23.
 */
export function countXWeighted(text: string): number {
  let weight = 0
  let rest = text
  for (const match of text.matchAll(URL_PATTERN)) {
    weight += URL_WEIGHT
    rest = rest.replace(match[0], '')
  }
  for (const g of graphemes(rest)) {
    if (EMOJI.test(g)) {
      weight += 2
      continue
    }
    for (const ch of g) {
      const cp = ch.codePointAt(0)!
      weight += LIGHT_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi) ? 1 : 2
    }
  }
  return weight
}

/** A reply's length as its network counts it. */
export function replyLength(network: ReplyNetwork, text: string): number {
  switch (network) {
    case 'bluesky':
      return countGraphemes(text)
    case 'mastodon':
      return countMastodon(text)
    case 'x':
      return countXWeighted(text)
    case 'reddit':
      return Array.from(text).length
  }
}

/** Null when the text fits; otherwise the message saying by how much it does not. */
export function checkReplyLength(
  network: ReplyNetwork,
  text: string,
  max = REPLY_LIMITS[network].max,
): string | null {
  const length = replyLength(network, text)
  if (length <= max) return null
  const { unit } = REPLY_LIMITS[network]
  return `${length} ${unit}; ${network} allows ${max} (${length - max} too many)`
}
