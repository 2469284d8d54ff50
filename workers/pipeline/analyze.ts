import type { Analysis, SentimentLabel } from '../../shared/schemas/scoring.js'
import { languageKit, type LanguageKit } from './natural.js'

/** Bumped whenever the analyzer's behaviour changes; analyses are stored per version. */
export const ANALYZER_VERSION = 'afinn-cues-2'

/** Phrases that mark a complaint even when the words themselves are not negative. */
const COMPLAINT_CUES: Array<[string, RegExp]> = [
  ['asks for a fix', /\b(fix|fixed|revert|roll ?back|undo)\b/],
  ['support or refund', /\b(support|ticket|refund|customer service|helpdesk)\b/],
  [
    'no answer',
    /\b(no (one|response|reply|answer)|nobody|silence|still (waiting|nothing)|ignored)\b/,
  ],
  [
    'something broke or dropped',
    /\b(broken|bug|glitch|dropped|drop|plummet\w*|tank(ed)?|crash\w*|wrong)\b/,
  ],
  ['lost or rewritten data', /\b(lost|deleted|wiped|erased|rewr[io]t\w*|history)\b/],
  ['harm to the author', /\b(hurts?|cost (me|us)|damag\w*|job search|clients?|reports?)\b/],
  [
    'leaving',
    /\b(cancel\w*|unsubscrib\w*|leaving|quit(ting)?|moving (our|my) \w+ off|switch(ing)? to)\b/,
  ],
  [
    'demands an explanation',
    /\b(why (did|does|is|are|would)|what happened|explain|transparen\w*)\b/,
  ],
  ['numbers going down', /\bfrom \d+ to \d+\b|\b\d+ ?(->|→) ?\d+\b/],
  [
    'sudden, unannounced change',
    /\b(overnight|out of nowhere|without (any )?(warning|notice)|silently)\b/,
  ],
  [
    'calls out the brand',
    /\b(any ?one|some ?one) (from|at) \S+ (reading|listening|here|around)\b|\bcare to (explain|comment)\b/,
  ],
]

const NEGATIVE_AT = -0.1
const POSITIVE_AT = 0.1
/** How many words after "not", "no", "never" a negation reaches, within its sentence. */
const NEGATION_REACH = 3

/**
 * Sentiment and complaint detection for one text, pure (no I/O). natural tokenizes and
 * supplies the AFINN vocabulary and negation words; the score is natural's (vocabulary sum per
 * token, squashed to -1..1) except that a negation flips only the next few words of its own
 * sentence: natural's analyzer flips every word to the end of the text, which read
 * "support never answers. Terrible." as praise.
 */
export function analyzeText(text: string, lang: string | null): Analysis {
  const kit = languageKit(lang)
  const lower = text.toLowerCase()
  const { sum, tokens, negativeTerms, positiveTerms } = scoreSentences(lower, kit)
  const sentiment = round(Math.tanh(2 * (tokens ? sum / tokens : 0)))
  const label: SentimentLabel =
    sentiment <= NEGATIVE_AT ? 'negative' : sentiment >= POSITIVE_AT ? 'positive' : 'neutral'
  const complaintCues = COMPLAINT_CUES.filter(([, re]) => re.test(lower)).map(([name]) => name)
  // Word scores miss complaints phrased politely ("support" is a positive AFINN word), so
  // two distinct cues make a complaint whatever the tone.
  const isComplaint =
    label === 'negative' ||
    complaintCues.length >= 2 ||
    (complaintCues.length > 0 && label !== 'positive')

  return {
    version: ANALYZER_VERSION,
    sentiment,
    label,
    isComplaint,
    explanation: { negativeTerms, positiveTerms, complaintCues, tokens },
  }
}

/** One pass that scores and collects the terms that scored, so explanation and score agree. */
function scoreSentences(lower: string, kit: LanguageKit) {
  const negations = new Set(kit.analyzer.negations ?? [])
  const negativeTerms: string[] = []
  const positiveTerms: string[] = []
  let sum = 0
  let tokens = 0
  for (const sentence of lower.split(/[.!?;:\n]+/)) {
    let negatedFor = 0
    let negation = ''
    for (const token of kit.tokenizer.tokenize(sentence)) {
      tokens++
      if (negations.has(token)) {
        negatedFor = NEGATION_REACH
        negation = token
        continue
      }
      const value = kit.analyzer.vocabulary[token]
      const negated = negatedFor > 0
      if (negatedFor > 0) negatedFor--
      // The vocabulary object inherits from Object.prototype: "constructor" is not a word score.
      if (typeof value !== 'number') continue
      const signed = negated ? -value : value
      sum += signed
      const term = negated ? `${negation} ${token}` : token
      if (signed < 0 && negativeTerms.length < 10) negativeTerms.push(term)
      if (signed > 0 && positiveTerms.length < 10) positiveTerms.push(term)
    }
  }
  return { sum, tokens, negativeTerms, positiveTerms }
}

const round = (n: number) => Math.round(n * 1000) / 1000
