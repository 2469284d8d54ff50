import type { Analysis, SentimentLabel } from '../../../shared/schemas/scoring.js'
import { languageKit } from '../natural.js'
import type { Features } from './features.js'
import type { AnalyzerModel } from './model.js'

/** The most confidence a post in a language the trained models cannot read is given. */
export const OTHER_LANGUAGE_CONFIDENCE = 0.3

/**
 * A post the English models cannot read is not scored as if it were English: only what does
 * not depend on the language counts (emoji, emoticons), plus natural's AFINN vocabulary where
 * natural has one for the language (Spanish, Portuguese). Confidence stays low and the post is a
 * complaint only if plainly negative, so it still surfaces for a person who reads the language.
 */
export function scoreOtherLanguage(
  text: string,
  language: string,
  features: Features,
  model: AnalyzerModel,
): Analysis {
  const named = language === 'und' ? 'undetermined' : language
  const reasons = [`language: ${named}, not English: low confidence`]
  let sum = 0
  for (const cue of features.cues) {
    if (!cue.reason.startsWith('emoji') && !cue.reason.startsWith('emoticon')) continue
    sum += cue.value
    reasons.push(cue.reason)
  }
  const kit = language === 'es' || language === 'pt' ? languageKit(language) : null
  if (kit) {
    for (const token of kit.tokenizer.tokenize(text.toLowerCase())) {
      const value = kit.analyzer.vocabulary[token]
      if (typeof value !== 'number' || value === 0) continue
      sum += value
      if (reasons.length < 6)
        reasons.push(`lexicon (${kit.language}): ${token} (${value > 0 ? '+' : ''}${value})`)
    }
  }
  const sentiment = Math.round(Math.tanh(sum / 4) * 1000) / 1000
  const label: SentimentLabel =
    sentiment <= -0.25 ? 'negative' : sentiment >= 0.25 ? 'positive' : 'neutral'
  const isComplaint = label === 'negative'
  return {
    version: model.file.version,
    sentiment,
    label,
    confidence:
      Math.round(OTHER_LANGUAGE_CONFIDENCE * Math.min(1, 0.5 + Math.abs(sentiment)) * 1000) / 1000,
    isComplaint,
    complaintScore: isComplaint ? 0.5 : 0.1,
    language,
    explanation: {
      reasons,
      complaintReasons: isComplaint
        ? ['negative, in a language the complaint model cannot read']
        : [],
      complaintCues: [],
      tokens: features.tokens.length,
    },
  }
}
