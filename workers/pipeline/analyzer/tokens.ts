/** What a token is; the features and the reasons treat each kind differently. */
export type TokenKind = 'word' | 'url' | 'mention' | 'hashtag' | 'emoji' | 'emoticon' | 'punct'

/** One token of a post, normalised, with what was lost in normalising it. Shared: read only. */
export interface Token {
  readonly kind: TokenKind
  /** Lower-case, elongations cut to two letters ("sooo" → "soo"), "#" dropped from hashtags. */
  readonly norm: string
  /** As written. */
  readonly raw: string
  /** A letter repeated three times or more ("sooo", "noooo"). */
  readonly elongated: boolean
  /** Written in capitals, at least two letters ("TERRIBLE"). */
  readonly shouted: boolean
  /** Has a letter, and every letter is in the Latin script. */
  readonly latin: boolean
  /** Has a letter outside the Latin script ("サービス"). */
  readonly otherScript: boolean
  /**
   * What later stages work out once per distinct token (features.ts: the word's features;
   * language.ts: whether a model knows it). Tokens are cached, so this saves a lookup per word.
   */
  readonly memo: { word?: unknown; knownBy?: object; known?: boolean }
}

const EMOTICON = String.raw`(?:[<>]?[:;=8][\-o*'^]?[)\](\[dDpP/\\|}{@3*]+|[)\](\[dDpP/\\|}{@]+[\-o*'^]?[:;=8]|<\/?3+|\^_*\^|-_+-|[oO]_[oO]|[xX]D+|T_T)`
// The order of the alternatives is the order of precedence: URLs before words, emoticons
// before punctuation (":(" is one token), words keep inner apostrophes and hyphens. One
// capturing group per kind, in the order of KINDS (numbered groups: no object per match).
const KINDS = ['url', 'mention', 'hashtag', 'emoticon', 'word', 'emoji', 'punct'] as const
/**
 * The pattern, for any text (Unicode classes) or for ASCII text only, where the same classes
 * spelled in ASCII match the same tokens without Unicode property lookups.
 */
function tokenPattern(ascii: boolean): RegExp {
  const letters = ascii ? 'A-Za-z' : String.raw`\p{L}`
  const digits = ascii ? '0-9' : String.raw`\p{N}`
  const wordChars = ascii ? 'A-Za-z0-9' : String.raw`\p{L}\p{M}\p{N}`
  return new RegExp(
    [
      String.raw`(https?:\/\/\S+|www\.\S+)`,
      String.raw`(@\w+)`,
      String.raw`(#[${letters}${digits}_]+)`,
      String.raw`(${EMOTICON})(?![${letters}${digits}])`,
      String.raw`([${wordChars}]+(?:['’\-][${wordChars}]+)*)`,
      // No emoji in ASCII: a group that never matches keeps the numbering.
      ascii ? '([^\\s\\S])' : String.raw`(\p{Extended_Pictographic}|\p{Regional_Indicator}{2})`,
      String.raw`([!?]+|\.{2,}|…|[.,;:()"])`,
    ].join('|'),
    ascii ? 'g' : 'gu',
  )
}
const UNICODE_PATTERN = tokenPattern(false)
const ASCII_PATTERN = tokenPattern(true)
const NON_ASCII = /[^ -~\t\n\r]/

const ELONGATION = /(\p{L})\1{2,}/gu
const HAS_LETTER = /\p{L}/u
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/u

/** Tokens by kind and text: posts repeat their words, so each is normalised once. */
const cache = new Map<string, Token>()
const CACHE_LIMIT = 200_000

/**
 * Splits a post into typed, normalised tokens with a tweet-aware pattern. A token's text alone
 * decides its kind (each alternative matches texts the earlier ones cannot), so the cache is
 * keyed by text.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  // Shared patterns: tokenize never runs inside itself, and lastIndex is reset each call.
  const pattern = NON_ASCII.test(text) ? UNICODE_PATTERN : ASCII_PATTERN
  pattern.lastIndex = 0
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const raw = m[0]
    let token = cache.get(raw)
    if (token === undefined) {
      let k = 1
      while (m[k] === undefined) k++
      if (cache.size >= CACHE_LIMIT) cache.clear()
      token = toToken(KINDS[k - 1]!, raw)
      cache.set(raw, token)
    }
    tokens.push(token)
  }
  return tokens
}

function toToken(kind: TokenKind, raw: string): Token {
  let norm = kind === 'emoticon' || kind === 'emoji' ? raw : raw.toLowerCase()
  if (kind === 'hashtag') norm = norm.slice(1)
  let elongated = false
  if (kind === 'word' || kind === 'hashtag') {
    const cut = norm.replace(ELONGATION, '$1$1')
    elongated = cut !== norm
    norm = cut.replace(/’/g, "'")
  }
  const shouted =
    kind === 'word' &&
    raw.length >= 2 &&
    raw === raw.toUpperCase() &&
    raw !== norm &&
    HAS_LETTER.test(raw)
  const hasLetter = HAS_LETTER.test(raw)
  const otherScript = NON_LATIN_LETTER.test(raw)
  const latin = hasLetter && !otherScript
  return { kind, norm, raw, elongated, shouted, latin, otherScript, memo: {} }
}
