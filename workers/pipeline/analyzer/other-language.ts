import type { Analysis, SentimentLabel } from '../../../shared/schemas/scoring.js'
import { featureId } from './feature-hash.js'
import type { Features } from './features.js'
import { grievanceCues, languageFeatures, LANGUAGE_DENSE, type LanguageKit } from './languages.js'
import { softmax } from './linear-model.js'
import type { AnalyzerModel } from './model.js'

const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive']
const MAX_REASONS = 6
const ADDRESSED = LANGUAGE_DENSE.indexOf('addressed to an account')

/** The most confidence a post in a language the trained models cannot read is given. */
export const OTHER_LANGUAGE_CONFIDENCE = 0.3
/**
 * Negative probability from which a post with a grievance cue is a complaint, and from which
 * one addressed to an account is without a cue. Written, not tuned: no complaint-labelled posts
 * exist in these languages (see the README's analyzer section).
 */
const COMPLAINT_WITH_CUE = 0.4
const COMPLAINT_ADDRESSED = 0.7

/**
 * A post in a supported language other than English (languages.ts): its language's sentiment
 * model, then a complaint when the post is negative and names a grievance (a delay, a loss, a
 * failure, no answer, a demand for remedy), or is strongly negative and addressed to an account.
 */
export function scoreLanguage(
  text: string,
  kit: LanguageKit,
  features: Features,
  model: AnalyzerModel,
): Analysis {
  const f = languageFeatures(text, kit, false, features.tokens)
  const { probabilities: p, best } = softmax(
    kit.sentiment.logits({ ids: f.ids, groups: [] }, f.dense),
  )
  const label = LABELS[best]!
  const negative = p[0]!
  const cues = grievanceCues(kit.language, f.words)
  const addressed = f.dense[ADDRESSED] === 1
  const complaintScore = cues.length
    ? Math.min(1, negative + 0.2)
    : addressed
      ? negative * 0.8
      : negative * 0.5
  const isComplaint = cues.length
    ? negative >= COMPLAINT_WITH_CUE
    : addressed && negative >= COMPLAINT_ADDRESSED

  const reasons: string[] = []
  if (label === 'neutral') reasons.push('no strong sentiment words')
  else {
    const sign = label === 'positive' ? 1 : -1
    const agreeing = f.cues.filter((cue) => Math.sign(cue.value) === sign)
    agreeing.sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    for (const cue of agreeing) addReason(reasons, cue.reason)
    for (const word of learnedWords(kit, f.words, best)) addReason(reasons, `learned: ${word}`)
    if (!reasons.length) reasons.push(`overall tone (${label})`)
  }
  const complaintReasons: string[] = []
  if (isComplaint) {
    for (const cue of cues) addReason(complaintReasons, `complaint cue: ${cue}`)
    if (addressed) addReason(complaintReasons, 'complaint cue: addressed to an account')
    addReason(complaintReasons, 'complaint cue: negative tone')
  } else if (cues.length) {
    complaintReasons.push(`grievance without a negative tone: ${cues.join(', ')}`)
  } else complaintReasons.push('no grievance towards the brand found')

  return {
    version: model.file.version,
    sentiment: round(p[2]! - p[0]!),
    label,
    confidence: round(p[best]!),
    isComplaint,
    complaintScore: round(complaintScore),
    language: kit.language,
    supported: true,
    explanation: {
      reasons,
      complaintReasons,
      complaintCues: cues,
      tokens: features.tokens.length,
    },
  }
}

/**
 * A post in a language no model reads is not passed off as a confident neutral: it is marked
 * unsupported, with low confidence, for a person who reads the language. Only what does not
 * depend on the language counts (emoji, emoticons); it is a complaint only if plainly negative.
 */
export function unsupportedLanguage(
  language: string,
  features: Features,
  model: AnalyzerModel,
): Analysis {
  const named = language === 'und' ? 'undetermined' : language
  const reasons = [`language: ${named}, not supported: read it yourself`]
  let sum = 0
  for (const cue of features.cues) {
    if (!cue.reason.startsWith('emoji') && !cue.reason.startsWith('emoticon')) continue
    sum += cue.value
    addReason(reasons, cue.reason)
  }
  const sentiment = round(Math.tanh(sum / 4))
  const label: SentimentLabel =
    sentiment <= -0.25 ? 'negative' : sentiment >= 0.25 ? 'positive' : 'neutral'
  const isComplaint = label === 'negative'
  return {
    version: model.file.version,
    sentiment,
    label,
    confidence: round(OTHER_LANGUAGE_CONFIDENCE * Math.min(1, 0.5 + Math.abs(sentiment))),
    isComplaint,
    complaintScore: isComplaint ? 0.5 : 0.1,
    language,
    supported: false,
    explanation: {
      reasons,
      complaintReasons: isComplaint
        ? ['negative emoji, in a language the analyzer cannot read']
        : ['language not supported: no complaint decision'],
      complaintCues: [],
      tokens: features.tokens.length,
    },
  }
}

/** The post's words that push most towards class c in the language's model. */
function learnedWords(kit: LanguageKit, words: readonly string[], c: number): string[] {
  const scored: Array<{ word: string; lean: number }> = []
  for (const word of new Set(words)) {
    if (word.length < 3) continue
    const lean = kit.sentiment.idLean(featureId(`w:${word}`), c)
    if (lean >= 0.4) scored.push({ word, lean })
  }
  scored.sort((a, b) => b.lean - a.lean)
  return scored.slice(0, 3).map((s) => s.word)
}

function addReason(list: string[], item: string) {
  if (list.length < MAX_REASONS && !list.includes(item)) list.push(item)
}

const round = (n: number) => Math.round(n * 1000) / 1000
