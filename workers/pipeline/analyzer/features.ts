import {
  CONTRASTS,
  INTENSIFIERS,
  emojiPolarity,
  emoticonPolarity,
  isNegator,
  lexiconScore,
  stem,
} from './lexicon.js'
import { FNV_OFFSET, hashInto } from './feature-hash.js'
import { tokenize, type Token } from './tokens.js'

/** A rule that fired on the text, with its signed strength: the raw material of the reasons. */
export interface Cue {
  /** Shown to people: "negation: not happy", "lexicon: rip-off (-3)", "emoji: 😡". */
  reason: string
  /** Signed polarity after negation, intensity and contrast were applied. */
  value: number
}

/** The model's input for one post: sparse indicator features, dense valued ones, and the cues. */
export interface Features {
  /** Hashes (feature-hash.ts) of the indicator features, each worth 1. */
  ids: number[]
  /**
   * Their names ("w:refund", "w:happy_NEG", "b:still waiting"), only when asked for
   * (training): the hot path builds no strings.
   */
  names: string[] | null
  /** The word features by id, to name the words that weighed most in the reasons. */
  words: Map<number, string>
  /** Valued features in a fixed order (DENSE_FEATURES), roughly in 0..1. */
  dense: Float64Array
  cues: Cue[]
  tokens: Token[]
}

/** Names of the dense features, in the order of Features.dense. */
export const DENSE_FEATURES = [
  'lexicon positive',
  'lexicon negative',
  'strongest positive',
  'strongest negative',
  'emoji positive',
  'emoji negative',
  'exclamations',
  'questions',
  'capitals',
  'elongations',
  'negations',
  'contrast',
  'links',
  'mentions',
  'addressed to an account',
  'length',
] as const
const D = Object.fromEntries(DENSE_FEATURES.map((name, i) => [name, i])) as Record<
  (typeof DENSE_FEATURES)[number],
  number
>

/** How far a negation reaches, at most, before its clause ends. */
const NEGATION_REACH = 4
/** VADER's findings: a negated word keeps most of its strength with the sign flipped. */
const NEGATED = -0.75
const INTENSIFIED = 1.3
const SHOUTED = 1.3
const ELONGATED = 1.2
/** A contrast word halves what came before it in the sentence and strengthens what follows. */
const BEFORE_CONTRAST = 0.5
const AFTER_CONTRAST = 1.5

/** Everything the sentiment and complaint models read from one post. */
export function extractFeatures(text: string, withNames = false): Features {
  const tokens = tokenize(text)
  const ids: number[] = []
  const names: string[] | null = withNames ? [] : null
  const words = new Map<number, string>()
  /** Adds the feature whose name is the pieces joined. */
  const emit = (a: string, b: string, c = '', d = '') => {
    ids.push(hashInto(hashInto(hashInto(hashInto(FNV_OFFSET, a), b), c), d))
    if (names) names.push(a + b + c + d)
  }
  /** Adds a feature whose hash the word's info already holds. */
  const emitKnown = (id: number, name: () => string) => {
    ids.push(id)
    if (names) names.push(name())
  }
  const emitBigram = (previous: string, word: string) => {
    ids.push(hashInto(hashInto(hashInto(BIGRAM, previous), ' '), word))
    if (names) names.push(`b:${previous} ${word}`)
  }
  const dense = new Float64Array(DENSE_FEATURES.length)
  const cues: Cue[] = []
  // Lexicon hits of the current sentence, so a contrast word can reweigh those before it.
  let sentence: Array<{ cue: Cue; index: number }> = []
  let negatedFor = 0
  let negator = ''
  let afterContrast = false
  let contrast = ''
  let intensified = false
  let previous = '<s>'
  let lexPos = 0
  let lexNeg = 0
  let maxPos = 0
  let maxNeg = 0

  const closeSentence = () => {
    for (const { cue } of sentence) {
      if (cue.value > 0) {
        lexPos += cue.value
        maxPos = Math.max(maxPos, cue.value)
      } else {
        lexNeg -= cue.value
        maxNeg = Math.max(maxNeg, -cue.value)
      }
    }
    sentence = []
    afterContrast = false
    negatedFor = 0
    previous = '<s>'
  }

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    switch (token.kind) {
      case 'punct': {
        if (token.norm.includes('!')) dense[D.exclamations]! += 1
        if (token.norm.includes('?')) dense[D.questions]! += 1
        if (token.norm === ',' || token.norm === '(' || token.norm === ')' || token.norm === '"') {
          negatedFor = 0
        } else closeSentence()
        continue
      }
      case 'url':
        dense[D.links] = 1
        previous = '<url>'
        continue
      case 'mention':
        dense[D.mentions]! += 1
        if (i === 0) dense[D['addressed to an account']] = 1
        previous = '@user'
        continue
      case 'emoji':
      case 'emoticon': {
        const polarity =
          token.kind === 'emoji' ? emojiPolarity(token.raw) : emoticonPolarity(token.raw)
        emit('e:', token.raw)
        if (polarity > 0) dense[D['emoji positive']]! += 1
        if (polarity < 0) dense[D['emoji negative']]! += 1
        if (polarity !== 0) cues.push({ reason: `${token.kind}: ${token.raw}`, value: polarity })
        continue
      }
    }
    // Words and hashtags.
    const word = token.norm
    const info = wordInfo(token)
    if (info.role === 'contrast') {
      for (const hit of sentence) hit.cue.value *= BEFORE_CONTRAST
      if (sentence.length) dense[D.contrast] = 1
      afterContrast = true
      contrast = `"${token.raw.toLowerCase()}"`
      negatedFor = 0
      emitKnown(info.w, () => `w:${word}`)
      words.set(info.w, word)
      previous = word
      continue
    }
    if (info.role === 'negator') {
      negatedFor = NEGATION_REACH
      negator = token.raw.toLowerCase()
      dense[D.negations]! += 1
      emitKnown(info.w, () => `w:${word}`)
      emitBigram(previous, word)
      previous = word
      continue
    }
    const negated = negatedFor > 0
    if (negatedFor > 0) negatedFor--
    if (negated) {
      emitKnown(info.wNeg, () => `w:${word}_NEG`)
      emitKnown(info.sNeg, () => `s:${info.stem}_NEG`)
      words.set(info.wNeg, `not … ${word}`)
    } else {
      emitKnown(info.w, () => `w:${word}`)
      emitKnown(info.s, () => `s:${info.stem}`)
      words.set(info.w, word)
    }
    emitBigram(previous, word)
    if (token.kind === 'hashtag') emit('h:', word)
    if (token.shouted) dense[D.capitals]! += 1
    if (token.elongated) dense[D.elongations]! += 1

    const score = info.lexicon
    if (score !== 0) {
      let value = score * (afterContrast ? AFTER_CONTRAST : 1)
      const notes: string[] = []
      if (negated) value *= NEGATED
      if (intensified) value *= INTENSIFIED
      if (token.shouted) value *= SHOUTED
      if (token.elongated) value *= ELONGATED
      const reason = negated
        ? `negation: ${negator} ${token.raw}`
        : `lexicon: ${token.raw} (${score > 0 ? '+' : ''}${score})`
      const cue = { reason, value }
      cues.push(cue)
      if (token.shouted) notes.push(`capitals: ${token.raw}`)
      if (token.elongated) notes.push(`elongation: ${token.raw}`)
      if (intensified) notes.push(`intensifier: ${previous} ${token.raw}`)
      if (afterContrast) notes.push(`contrast: ${token.raw} after ${contrast}`)
      for (const note of notes) cues.push({ reason: note, value: Math.sign(value) * 0.5 })
      sentence.push({ cue, index: i })
    }
    intensified = info.intensifier
    previous = word
  }
  closeSentence()

  dense[D['lexicon positive']] = squash(lexPos)
  dense[D['lexicon negative']] = squash(lexNeg)
  dense[D['strongest positive']] = maxPos / 5
  dense[D['strongest negative']] = maxNeg / 5
  dense[D.exclamations] = Math.min(dense[D.exclamations]!, 3) / 3
  dense[D.questions] = Math.min(dense[D.questions]!, 3) / 3
  dense[D.capitals] = Math.min(dense[D.capitals]!, 3) / 3
  dense[D.elongations] = Math.min(dense[D.elongations]!, 2) / 2
  dense[D.negations] = Math.min(dense[D.negations]!, 2) / 2
  dense[D.mentions] = Math.min(dense[D.mentions]!, 3) / 3
  dense[D['emoji positive']] = Math.min(dense[D['emoji positive']]!, 3) / 3
  dense[D['emoji negative']] = Math.min(dense[D['emoji negative']]!, 3) / 3
  dense[D.length] = Math.min(tokens.length, 40) / 40
  return { ids, names, words, dense, cues, tokens }
}

const BIGRAM = hashInto(FNV_OFFSET, 'b:')

/** What features need to know of a word, worked out once per distinct token. */
interface WordInfo {
  role: 'contrast' | 'negator' | 'other'
  intensifier: boolean
  stem: string
  /** AFINN score, 0 when the word has none. */
  lexicon: number
  /** Hashes of "w:word", "w:word_NEG", "s:stem", "s:stem_NEG". */
  w: number
  wNeg: number
  s: number
  sNeg: number
}

const infos = new WeakMap<Token, WordInfo>()

function wordInfo(token: Token): WordInfo {
  let info = infos.get(token)
  if (info) return info
  const word = token.norm
  const plain = token.elongated ? word.replace(/(\p{L})\1+/gu, '$1') : word
  const w = hashInto(hashInto(FNV_OFFSET, 'w:'), word)
  const wordStem = stem(word)
  const s = hashInto(hashInto(FNV_OFFSET, 's:'), wordStem)
  info = {
    role: CONTRASTS.has(word) ? 'contrast' : isNegator(word) ? 'negator' : 'other',
    intensifier: INTENSIFIERS.has(word) || INTENSIFIERS.has(plain),
    stem: wordStem,
    lexicon: lexiconScore(word, token.elongated) ?? 0,
    w,
    wNeg: hashInto(w, '_NEG'),
    s,
    sNeg: hashInto(s, '_NEG'),
  }
  infos.set(token, info)
  return info
}

/** Lexicon sums grow without bound; their effect should not. */
const squash = (n: number) => Math.log1p(n) / Math.log1p(10)

/**
 * The complaint model's input: the post's features (ids) and its complaint cues (cueIds), and
 * the dense features followed by the sentiment probabilities.
 */
export function complaintInput(
  features: Features,
  cueNames: readonly string[],
  sentiment: ArrayLike<number>,
): { cueIds: number[]; names: string[] | null; dense: Float64Array } {
  const dense = new Float64Array(features.dense.length + sentiment.length)
  dense.set(features.dense)
  for (let i = 0; i < sentiment.length; i++) dense[features.dense.length + i] = sentiment[i]!
  const cueIds = cueNames.map((name) => hashInto(CUE, name))
  const names = features.names && [...features.names, ...cueNames.map((name) => `cue:${name}`)]
  return { cueIds, names, dense }
}

const CUE = hashInto(FNV_OFFSET, 'cue:')
