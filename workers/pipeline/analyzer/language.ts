import { eld } from 'eld/small'
import type { Token } from './tokens.js'

/** A post's language and how it was decided. */
export interface LanguageGuess {
  /** ISO 639-1 code ("en", "es"), or "und" when nothing can tell. */
  language: string
  /** Whether the English models apply: English, or too little text to tell otherwise. */
  isEnglish: boolean
  /** "vocabulary" (mostly known English words), "eld" (the detector), "declared", "none". */
  by: 'vocabulary' | 'eld' | 'declared' | 'none'
}

/** Share of words that must be known English words for the detector to be skipped. */
const KNOWN_SHARE = 0.75

/**
 * Decides a post's language. Most posts are plainly English, and a lookup of their words in the
 * English model's vocabulary settles that in a microsecond; the rest go to eld (a maintained
 * n-gram detector, accurate on short texts and several times faster than franc). A language
 * the source declared breaks ties when the text is too short to tell.
 */
export function detectLanguage(
  tokens: readonly Token[],
  isEnglishWord: (word: string) => boolean,
  declared: string | null,
): LanguageGuess {
  let words = 0
  let known = 0
  let nonLatin = false
  for (const t of tokens) {
    if (t.otherScript) nonLatin = true
    if ((t.kind !== 'word' && t.kind !== 'hashtag') || !t.latin) continue
    words++
    // Memoised on the (cached) token, per vocabulary: one Set lookup per distinct word.
    if (t.knownBy !== isEnglishWord) {
      t.knownBy = isEnglishWord
      t.known = isEnglishWord(t.norm)
    }
    if (t.known) known++
  }
  const declaredPrimary = declared?.slice(0, 2).toLowerCase() || null
  if (words === 0 && !nonLatin) {
    return declaredPrimary && declaredPrimary !== 'en'
      ? { language: declaredPrimary, isEnglish: false, by: 'declared' }
      : { language: 'und', isEnglish: true, by: 'none' }
  }
  if (!nonLatin && words > 0 && known / words >= KNOWN_SHARE) {
    return { language: 'en', isEnglish: true, by: 'vocabulary' }
  }
  const prose = tokens
    .filter((t) => t.kind === 'word' || t.kind === 'hashtag' || t.kind === 'punct')
    .map((t) => t.raw)
    .join(' ')
  const result = eld.detect(prose)
  if (result.language && result.isReliable()) {
    return { language: result.language, isEnglish: result.language === 'en', by: 'eld' }
  }
  if (declaredPrimary) {
    return { language: declaredPrimary, isEnglish: declaredPrimary === 'en', by: 'declared' }
  }
  // Too short for the detector: English if at least half its words are; text in another
  // script is not read as English.
  if (words > 0 && known * 2 >= words) return { language: 'en', isEnglish: true, by: 'vocabulary' }
  return { language: 'und', isEnglish: !nonLatin, by: 'none' }
}
