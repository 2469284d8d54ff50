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
  /*
   * What later stages work out once per distinct token, kept on the token itself (tokens are
   * cached, and one object to reach is faster than two): features.ts, the word's features;
   * language.ts, whether a vocabulary knows it; complaint-cues.ts, the cues its words could
   * take part in. Every field is set from the start, so tokens keep one shape.
   */
  word: unknown
  knownBy: object | undefined
  known: boolean
  /** -1 until worked out. */
  cues: number
}

const EMOTICON = String.raw`(?:[<>]?[:;=8][\-o*'^]?[)\](\[dDpP/\\|}{@3*]+|[)\](\[dDpP/\\|}{@]+[\-o*'^]?[:;=8]|<\/?3+|\^_*\^|-_+-|[oO]_[oO]|[xX]D+|T_T)`
// The order of the alternatives is the order of precedence: URLs before words, emoticons
// before punctuation (":(" is one token), words keep inner apostrophes and hyphens.
const KINDS = ['url', 'mention', 'hashtag', 'emoticon', 'word', 'emoji', 'punct'] as const
/**
 * The alternatives, one per kind in the order of KINDS, for any text (Unicode classes) or for
 * ASCII text only, where the same classes spelled in ASCII match the same tokens without
 * Unicode property lookups.
 */
function alternatives(ascii: boolean): string[] {
  const letters = ascii ? 'A-Za-z' : String.raw`\p{L}`
  const digits = ascii ? '0-9' : String.raw`\p{N}`
  const wordChars = ascii ? 'A-Za-z0-9' : String.raw`\p{L}\p{M}\p{N}`
  return [
    String.raw`https?:\/\/\S+|www\.\S+`,
    String.raw`@\w+`,
    String.raw`#[${letters}${digits}_]+`,
    String.raw`(?:${EMOTICON})(?![${letters}${digits}])`,
    String.raw`[${wordChars}]+(?:['’\-][${wordChars}]+)*`,
    // No emoji in ASCII: an alternative that never matches keeps the order.
    ascii ? '[^\\s\\S]' : String.raw`\p{Extended_Pictographic}|\p{Regional_Indicator}{2}`,
    String.raw`[!?]+|\.{2,}|…|[.,;:()"]`,
  ]
}
/** Every token of a text, in one call that builds no match object per token. */
const tokenPattern = (ascii: boolean) =>
  new RegExp(
    alternatives(ascii)
      .map((a) => `(?:${a})`)
      .join('|'),
    ascii ? 'g' : 'gu',
  )
const UNICODE_PATTERN = tokenPattern(false)
const ASCII_PATTERN = tokenPattern(true)
const NON_ASCII = /[^ -~\t\n\r]/
/**
 * A token's kind: which alternative matches it first. A token's text alone decides it (each
 * alternative matches texts the earlier ones cannot), so it is worked out once per distinct
 * token, with one capturing group per kind.
 */
const KIND_PATTERN = new RegExp(
  `^(?:${alternatives(false)
    .map((a) => `(${a})`)
    .join('|')})`,
  'u',
)

const ELONGATION = /(\p{L})\1{2,}/gu
const HAS_LETTER = /\p{L}/u
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/u

/** Tokens by text: posts repeat their words, so each is normalised once. */
const cache = new Map<string, Token>()
const CACHE_LIMIT = 200_000

/** Splits a post into typed, normalised tokens with a tweet-aware pattern. */
export function tokenize(text: string): Token[] {
  const texts = text.match(NON_ASCII.test(text) ? UNICODE_PATTERN : ASCII_PATTERN)
  if (texts === null) return []
  const tokens = new Array<Token>(texts.length)
  for (let i = 0; i < texts.length; i++) {
    const raw = texts[i]!
    let token = cache.get(raw)
    if (token === undefined) {
      if (cache.size >= CACHE_LIMIT) cache.clear()
      token = toToken(kindOf(raw), raw)
      cache.set(raw, token)
    }
    tokens[i] = token
  }
  return tokens
}

function kindOf(raw: string): TokenKind {
  const m = KIND_PATTERN.exec(raw)!
  let k = 1
  while (m[k] === undefined) k++
  return KINDS[k - 1]!
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
  return {
    kind,
    norm,
    raw,
    elongated,
    shouted,
    latin,
    otherScript,
    word: undefined,
    knownBy: undefined,
    known: false,
    cues: -1,
  }
}
