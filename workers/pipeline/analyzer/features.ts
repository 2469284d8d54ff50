import {
  CONTRASTS,
  INTENSIFIERS,
  emojiPolarity,
  emoticonPolarity,
  isNegator,
  lexiconScore,
  stem,
} from './lexicon.js'
import { bigramId, FNV_OFFSET, hashInto, hashName } from './feature-hash.js'
import type { FeatureGroup } from './linear-model.js'
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
  /**
   * Ids (feature-hash.ts) of the indicator features, each worth 1, but words'. Typed, since
   * 32-bit ids in a plain array would make it sometimes of small integers and sometimes of
   * doubles, and the code reading it would be compiled again for each.
   */
  ids: Uint32Array
  /** Each word's features (its word and stem, negated or not), one group per occurrence. */
  groups: FeatureGroup[]
  /**
   * Their names ("w:refund", "w:happy_NEG", "b:still waiting"), only when asked for
   * (training): the hot path builds no strings.
   */
  names: string[] | null
  /** The word each group stands for ("not … happy" when negated), to name it in reasons. */
  groupTexts: string[]
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
  const reader = new PostReader(withNames, tokens.length)
  for (let i = 0; i < tokens.length; i++) reader.read(tokens[i]!, i)
  return reader.finish(tokens)
}

/**
 * Reads a post's tokens left to right, keeping the state the rules need: the reach of the last
 * negation, whether a contrast word was passed, the previous word (for bigrams), and the
 * lexicon hits of the current sentence. A class rather than closures: it runs for every post.
 */
class PostReader {
  /** Room for every id: a token adds at most two (a hashtag: its bigram and itself). */
  private readonly ids: Uint32Array
  private idCount = 0
  readonly names: string[] | null
  readonly groups: FeatureGroup[] = []
  readonly groupTexts: string[] = []
  readonly dense = new Float64Array(DENSE_FEATURES.length)
  readonly cues: Cue[] = []
  /** Lexicon hits of the current sentence, so a contrast word can reweigh those before it. */
  private sentence: Cue[] = []
  private negatedFor = 0
  private negator = ''
  private contrast = ''
  private intensified = false
  /** The previous word (for bigrams and reasons), and its hash (see bigramId). */
  private previous = START
  private previousKey = START_KEY
  private lexPos = 0
  private lexNeg = 0
  private maxPos = 0
  private maxNeg = 0

  constructor(withNames: boolean, tokens: number) {
    this.names = withNames ? [] : null
    this.ids = new Uint32Array(2 * tokens)
  }

  /** Adds a feature by hash; its name is built only when names are kept (training). */
  private add(id: number, name: string | null) {
    this.ids[this.idCount++] = id
    if (this.names) this.names.push(name!)
  }

  read(token: Token, index: number) {
    const { dense } = this
    switch (token.kind) {
      case 'punct':
        if (token.norm.includes('!')) dense[D.exclamations]! += 1
        if (token.norm.includes('?')) dense[D.questions]! += 1
        if (CLAUSE_BREAKS.has(token.norm)) this.negatedFor = 0
        else this.closeSentence()
        return
      case 'url':
        dense[D.links] = 1
        this.previous = URL
        this.previousKey = URL_KEY
        return
      case 'mention':
        dense[D.mentions]! += 1
        if (index === 0) dense[D['addressed to an account']] = 1
        this.previous = USER
        this.previousKey = USER_KEY
        return
      case 'emoji':
      case 'emoticon': {
        const polarity =
          token.kind === 'emoji' ? emojiPolarity(token.raw) : emoticonPolarity(token.raw)
        this.add(hashInto(EMOJI, token.raw), this.names && `e:${token.raw}`)
        if (polarity > 0) dense[D['emoji positive']]! += 1
        if (polarity < 0) dense[D['emoji negative']]! += 1
        if (polarity !== 0) {
          // Emoji count as lexicon words too: the training tweets have few of them, so their
          // own weights are weak, while the lexicon sums are among the strongest features.
          const cue = { reason: `${token.kind}: ${token.raw}`, value: polarity }
          this.cues.push(cue)
          this.sentence.push(cue)
        }
        return
      }
      default:
        this.readWord(token)
    }
  }

  private readWord(token: Token) {
    const { dense } = this
    const word = token.norm
    const info = wordInfo(token)
    if (info.role === 'contrast') {
      for (const cue of this.sentence) cue.value *= BEFORE_CONTRAST
      if (this.sentence.length) dense[D.contrast] = 1
      this.contrast = `"${word}"`
      this.negatedFor = 0
      this.addGroup(info.wordOnly, word, false, info)
      this.follow(word, info)
      return
    }
    if (info.role === 'negator') {
      this.negatedFor = NEGATION_REACH
      this.negator = word
      dense[D.negations]! += 1
      this.addGroup(info.wordOnly, word, false, info)
      this.addBigram(word, info)
      this.follow(word, info)
      return
    }
    const negated = this.negatedFor > 0
    if (negated) this.negatedFor--
    this.addGroup(negated ? info.negated : info.plain, word, negated, info)
    this.addBigram(word, info)
    if (token.kind === 'hashtag') this.add(hashInto(HASHTAG, word), this.names && `h:${word}`)
    if (token.shouted) dense[D.capitals]! += 1
    if (token.elongated) dense[D.elongations]! += 1
    if (info.lexicon !== 0) this.addLexiconHit(token, info.lexicon, negated)
    this.intensified = info.intensifier
    this.follow(word, info)
  }

  private follow(word: string, info: WordInfo) {
    this.previous = word
    this.previousKey = info.key
  }

  private addGroup(group: FeatureGroup, word: string, negated: boolean, info: WordInfo) {
    this.groups.push(group)
    this.groupTexts.push(negated ? info.negatedText : word)
    if (!this.names) return
    const mark = negated ? '_NEG' : ''
    this.names.push(`w:${word}${mark}`)
    if (group !== info.wordOnly) this.names.push(`s:${info.stem}${mark}`)
  }

  private addBigram(word: string, info: WordInfo) {
    this.add(bigramId(this.previousKey, info.key), this.names && `b:${this.previous} ${word}`)
  }

  /** A lexicon word, its strength adjusted by the rules around it, each rule a reason. */
  private addLexiconHit(token: Token, score: number, negated: boolean) {
    let value = score * (this.contrast ? AFTER_CONTRAST : 1)
    if (negated) value *= NEGATED
    if (this.intensified) value *= INTENSIFIED
    if (token.shouted) value *= SHOUTED
    if (token.elongated) value *= ELONGATED
    const reason = negated
      ? `negation: ${this.negator} ${token.raw}`
      : `lexicon: ${token.raw} (${score > 0 ? '+' : ''}${score})`
    const cue = { reason, value }
    this.cues.push(cue)
    this.sentence.push(cue)
    const note = Math.sign(value) * 0.5
    if (token.shouted) this.cues.push({ reason: `capitals: ${token.raw}`, value: note })
    if (token.elongated) this.cues.push({ reason: `elongation: ${token.raw}`, value: note })
    if (this.intensified) {
      this.cues.push({ reason: `intensifier: ${this.previous} ${token.raw}`, value: note })
    }
    if (this.contrast) {
      this.cues.push({ reason: `contrast: ${token.raw} after ${this.contrast}`, value: note })
    }
  }

  private closeSentence() {
    for (const cue of this.sentence) {
      if (cue.value > 0) {
        this.lexPos += cue.value
        this.maxPos = Math.max(this.maxPos, cue.value)
      } else {
        this.lexNeg -= cue.value
        this.maxNeg = Math.max(this.maxNeg, -cue.value)
      }
    }
    this.sentence = []
    this.contrast = ''
    this.negatedFor = 0
    this.previous = START
    this.previousKey = START_KEY
  }

  finish(tokens: Token[]): Features {
    this.closeSentence()
    const { dense } = this
    dense[D['lexicon positive']] = squash(this.lexPos)
    dense[D['lexicon negative']] = squash(this.lexNeg)
    dense[D['strongest positive']] = this.maxPos / 5
    dense[D['strongest negative']] = this.maxNeg / 5
    capAt(dense, D.exclamations, 3)
    capAt(dense, D.questions, 3)
    capAt(dense, D.capitals, 3)
    capAt(dense, D.elongations, 2)
    capAt(dense, D.negations, 2)
    capAt(dense, D.mentions, 3)
    capAt(dense, D['emoji positive'], 3)
    capAt(dense, D['emoji negative'], 3)
    dense[D.length] = Math.min(tokens.length, 40) / 40
    const { groups, names, groupTexts, cues } = this
    const ids = this.ids.subarray(0, this.idCount)
    return { ids, groups, names, groupTexts, dense, cues, tokens }
  }
}

/** Punctuation that ends a negation's reach but not the sentence. */
const CLAUSE_BREAKS = new Set([',', '(', ')', '"'])
const EMOJI = hashInto(FNV_OFFSET, 'e:')
const HASHTAG = hashInto(FNV_OFFSET, 'h:')
/** What bigrams read before a sentence's first word, and for a link or a mention. */
const START = '<s>'
const URL = '<url>'
const USER = '@user'
const START_KEY = hashName(START)
const URL_KEY = hashName(URL)
const USER_KEY = hashName(USER)

/** What features need to know of a word, worked out once per distinct token. */
interface WordInfo {
  role: 'contrast' | 'negator' | 'other'
  intensifier: boolean
  stem: string
  /** AFINN score, 0 when the word has none. */
  lexicon: number
  /** The word's hash, for bigrams (bigramId). */
  key: number
  /** How reasons name the word when negated. */
  negatedText: string
  /** Its features: the word alone (negators, contrasts), word and stem, or both negated. */
  wordOnly: FeatureGroup
  plain: FeatureGroup
  negated: FeatureGroup
}

function wordInfo(token: Token): WordInfo {
  let info = token.word as WordInfo | undefined
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
    key: hashName(word),
    negatedText: `not … ${word}`,
    wordOnly: { ids: [w], sumsOf: null, sums: null },
    plain: { ids: [w, s], sumsOf: null, sums: null },
    negated: { ids: [hashInto(w, '_NEG'), hashInto(s, '_NEG')], sumsOf: null, sums: null },
  }
  token.word = info
  return info
}

/** A count as a share of the count that saturates it. */
function capAt(dense: Float64Array, d: number, cap: number) {
  dense[d] = Math.min(dense[d]!, cap) / cap
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
): { cueIds: Uint32Array; names: string[] | null; dense: Float64Array } {
  const dense = new Float64Array(features.dense.length + sentiment.length)
  dense.set(features.dense)
  for (let i = 0; i < sentiment.length; i++) dense[features.dense.length + i] = sentiment[i]!
  const cueIds = Uint32Array.from(cueNames, (name) => hashInto(CUE, name))
  const names = features.names && [...features.names, ...cueNames.map((name) => `cue:${name}`)]
  return { cueIds, names, dense }
}

const CUE = hashInto(FNV_OFFSET, 'cue:')
