import type { Analysis, SentimentLabel } from '../../shared/schemas/scoring.js'
import { matchComplaintCues } from './analyzer/complaint-cues.js'
import {
  complaintInput,
  DENSE_FEATURES,
  extractFeatures,
  type Cue,
  type Features,
} from './analyzer/features.js'
import { detectLanguage } from './analyzer/language.js'
import { INTENSIFIERS, isNegator, isStopword } from './analyzer/lexicon.js'
import { softmax, type LinearModel } from './analyzer/linear-model.js'
import { analyzerModel, type AnalyzerModel } from './analyzer/model.js'
import { scoreLanguage, unsupportedLanguage } from './analyzer/other-language.js'

const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive']
const MAX_REASONS = 6
const ADDRESSED = DENSE_FEATURES.indexOf('addressed to an account')

/** The analyzer's version, stored with every analysis: the shipped model's name. */
export const ANALYZER_VERSION = analyzerModel().file.version

/**
 * Sentiment and complaint detection for one text, pure (no I/O once the model is loaded).
 * Rules (negation scope, contrast, intensifiers, capitals, elongation, emoji, complaint cues)
 * turn the text into features; logistic regressions trained on labelled posts weigh them
 * (scripts/train-analyzer.ts). Every decision comes with the reasons that drove it.
 */
export function analyzeText(
  text: string,
  declaredLang: string | null,
  model: AnalyzerModel = analyzerModel(),
): Analysis {
  const features = extractFeatures(text)
  if (!features.tokens.length) return emptyAnalysis(model)
  const language = detectLanguage(features.tokens, model.isEnglishWord, declaredLang)
  if (!language.isEnglish) {
    const kit = model.languages.get(language.language)
    return kit
      ? scoreLanguage(text, kit, features, model)
      : unsupportedLanguage(language.language, features, model)
  }

  const { calibration } = model.file
  const { logits, cueNames, complaintDense, complaintMargin } = rawScores(text, features, model)
  const complaintScore = 1 / (1 + Math.exp(-complaintMargin))

  logits[0]! += calibration.negativeOffset + calibration.complaintToNegative * complaintMargin
  logits[2]! += calibration.positiveOffset
  const { probabilities: p, best } = softmax(logits)
  const label = LABELS[best]!
  const isComplaint = complaintScore >= calibration.complaintThreshold

  return {
    version: model.file.version,
    sentiment: round(p[2]! - p[0]!),
    label,
    confidence: round(p[best]!),
    isComplaint,
    complaintScore: round(complaintScore),
    language: language.language,
    supported: true,
    explanation: {
      reasons: sentimentReasons(label, best, features, model),
      complaintReasons: complaintReasons(
        isComplaint,
        complaintScore,
        cueNames,
        features,
        complaintDense,
        model.complaint,
      ),
      complaintCues: cueNames,
      tokens: features.tokens.length,
    },
  }
}

/**
 * What the two models say of a post before calibration: the sentiment logits, and the
 * complaint model's margin (complaint logit minus not-complaint logit), which reads the
 * sentiment. The trainer tunes the calibration on exactly these.
 */
export function rawScores(
  text: string,
  features: Features,
  model: Pick<AnalyzerModel, 'sentiment' | 'complaint'>,
) {
  const { sentiment, complaint: complaintModel } = model
  const sums = sentiment.table.sums(features)
  const logits = sentiment.logits(features, features.dense, undefined, sums)
  const cueNames = matchComplaintCues(text, features.tokens)
  const complaint = complaintInput(features, cueNames, softmax(logits).probabilities)
  // Models in one table share its sums (see jointModels); the trainer's may not.
  const shared = complaintModel.table === sentiment.table ? sums : undefined
  const c = complaintModel.logits(features, complaint.dense, complaint.cueIds, shared)
  return { logits, cueNames, complaintDense: complaint.dense, complaintMargin: c[1]! - c[0]! }
}

/** Nothing to read: neutral, and sure of it. */
function emptyAnalysis(model: AnalyzerModel): Analysis {
  return {
    version: model.file.version,
    sentiment: 0,
    label: 'neutral',
    confidence: 1,
    isComplaint: false,
    complaintScore: 0,
    language: 'und',
    supported: true,
    explanation: {
      reasons: ['no words, emoji or emoticons'],
      complaintReasons: [],
      complaintCues: [],
      tokens: 0,
    },
  }
}

/** The rules that agree with the label, strongest first, then the learned words that did. */
function sentimentReasons(
  label: SentimentLabel,
  best: number,
  features: Features,
  model: AnalyzerModel,
): string[] {
  // Plain loops rather than filter/map/Set chains: this runs for every post, and its compiled
  // code then stays valid whatever the post (the chains' arrays changed kind from post to post).
  if (label === 'neutral') {
    let mixed = ''
    for (const cue of features.cues) {
      if (Math.abs(cue.value) >= 2) mixed += mixed ? `; ${cue.reason}` : cue.reason
    }
    return [mixed ? `mixed: ${mixed}` : 'no strong sentiment words']
  }
  const sign = label === 'positive' ? 1 : -1
  const agreeing: Cue[] = []
  for (const cue of features.cues) if (Math.sign(cue.value) === sign) agreeing.push(cue)
  agreeing.sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
  const reasons: string[] = []
  let mentioned = ''
  for (const cue of agreeing) {
    addReason(reasons, cue.reason, MAX_REASONS)
    mentioned += ` ${cue.reason}`
  }
  for (const word of topWords(model.sentiment, best, features, 0.4)) {
    if (!mentioned.includes(word)) addReason(reasons, `learned: ${word}`, MAX_REASONS)
  }
  if (reasons.length) return reasons
  return model.sentiment.denseLean(ADDRESSED, features.dense[ADDRESSED]!, best) > 0.2
    ? ['tone of posts addressed to an account']
    : [`overall tone (${label})`]
}

/** The complaint cues found, then the learned words that weighed most for the decision. */
function complaintReasons(
  isComplaint: boolean,
  score: number,
  cueNames: string[],
  features: Features,
  input: Float64Array,
  model: LinearModel,
): string[] {
  const reasons: string[] = []
  if (!isComplaint) {
    if (cueNames.length) {
      return [`complaint cues too weak (${percent(score)}): ${cueNames.join(', ')}`]
    }
    for (const word of topWords(model, 0, features, 0.3)) {
      addReason(reasons, `not a complaint: ${word}`, 2)
    }
    return reasons.length ? reasons : ['no grievance towards the brand found']
  }
  for (const name of cueNames) addReason(reasons, `complaint cue: ${name}`, MAX_REASONS)
  // The complaint model's last dense inputs are the sentiment probabilities, negative first.
  if (input[features.dense.length]! > 0.5) {
    addReason(reasons, 'complaint cue: negative tone', MAX_REASONS)
  }
  if (features.dense[ADDRESSED]) {
    addReason(reasons, 'complaint cue: addressed to an account', MAX_REASONS)
  }
  for (const word of topWords(model, 1, features, 0.3)) {
    addReason(reasons, `complaint word: ${word}`, MAX_REASONS)
  }
  return reasons
}

/** The post's words that push most towards class c, as the post wrote them. */
function topWords(
  model: LinearModel,
  c: number,
  { groups, groupTexts }: Features,
  atLeast: number,
): string[] {
  const scored: Array<{ word: string; lean: number }> = []
  for (let i = 0; i < groups.length; i++) {
    const lean = model.groupLean(groups[i]!, c)
    if (lean < atLeast) continue
    const word = groupTexts[i]!
    if (isStopword(word) || isNegator(word) || INTENSIFIERS.has(word)) continue
    scored.push({ word, lean })
  }
  scored.sort((a, b) => b.lean - a.lean)
  const words: string[] = []
  for (const { word } of scored) addReason(words, word, 3)
  return words
}

/** Adds an item to a list unless it is there already or the list holds `max`. */
function addReason(list: string[], item: string, max: number) {
  if (list.length < max && !list.includes(item)) list.push(item)
}

const round = (n: number) => Math.round(n * 1000) / 1000
const percent = (p: number) => `${Math.round(p * 100)}%`
