import type { Analysis, SentimentLabel } from '../../shared/schemas/scoring.js'
import { languageKit } from './natural.js'

/** Bumped whenever the analyzer's behaviour changes; analyses are stored per version. */
export const ANALYZER_VERSION = 'afinn-cues-1'

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

/**
 * Sentiment and complaint detection for one text: natural's AFINN score (per token,
 * squashed to -1..1), the terms that moved it, and complaint cues. Pure: no I/O.
 */
export function analyzeText(text: string, lang: string | null): Analysis {
  const kit = languageKit(lang)
  const tokens = kit.tokenizer.tokenize(text.toLowerCase())
  const raw = tokens.length ? kit.analyzer.getSentiment(tokens) : 0
  const sentiment = round(Math.tanh(2 * raw))
  const label: SentimentLabel =
    sentiment <= NEGATIVE_AT ? 'negative' : sentiment >= POSITIVE_AT ? 'positive' : 'neutral'

  const { negativeTerms, positiveTerms } = scoredTerms(tokens, kit.analyzer)
  const lower = text.toLowerCase()
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
    explanation: { negativeTerms, positiveTerms, complaintCues, tokens: tokens.length },
  }
}

/** The vocabulary terms found, with a negation ("not happy") flipping the next term. */
function scoredTerms(
  tokens: string[],
  analyzer: { vocabulary: Record<string, number>; negations?: string[] },
) {
  const negations = new Set(analyzer.negations ?? [])
  const negativeTerms: string[] = []
  const positiveTerms: string[] = []
  let negate = false
  for (const token of tokens) {
    if (negations.has(token)) {
      negate = true
      continue
    }
    const value = analyzer.vocabulary[token]
    if (typeof value !== 'number') continue
    const signed = negate ? -value : value
    const term = negate ? `not ${token}` : token
    negate = false
    if (signed < 0 && negativeTerms.length < 10) negativeTerms.push(term)
    if (signed > 0 && positiveTerms.length < 10) positiveTerms.push(term)
  }
  return { negativeTerms, positiveTerms }
}

const round = (n: number) => Math.round(n * 1000) / 1000
