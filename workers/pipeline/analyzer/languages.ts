import { emojiPolarity, emoticonPolarity } from './lexicon.js'
import { featureId } from './feature-hash.js'
import type { Cue } from './features.js'
import type { LinearModel, LinearModelWeights } from './linear-model.js'
import { tokenize, type Token } from './tokens.js'

/** Languages besides English that the analyzer has trained models for. */
export const SUPPORTED_LANGUAGES = ['es', 'pt', 'fr', 'de', 'it'] as const
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number]

export const isSupportedLanguage = (code: string): code is SupportedLanguage =>
  (SUPPORTED_LANGUAGES as readonly string[]).includes(code)

/** What the model file keeps of one language: its sentiment model and its lexicon. */
export interface LanguageModelFile {
  sentiment: LinearModelWeights
  /** Accent-folded lower-case word → polarity in -1..1 (see scripts/analyzer/lexicons.ts). */
  lexicon: Record<string, number>
}

/** A language's model as the analyzer holds it. */
export interface LanguageKit {
  language: SupportedLanguage
  sentiment: LinearModel
  lexicon: ReadonlyMap<string, number>
  /** Mean polarity of the lexicon's words by their first PREFIX letters: inflections. */
  prefixes: ReadonlyMap<string, number>
}

/** Words that turn the next few words around; accent-folded, as the features read them. */
const NEGATIONS: Record<SupportedLanguage, ReadonlySet<string>> = {
  es: new Set(['no', 'nunca', 'jamas', 'ni', 'tampoco', 'nada', 'sin']),
  pt: new Set(['nao', 'nunca', 'jamais', 'nem', 'sem', 'nada']),
  fr: new Set(['ne', 'pas', 'jamais', 'rien', 'aucun', 'aucune', 'sans', 'ni', 'plus']),
  de: new Set(['nicht', 'kein', 'keine', 'keinen', 'keiner', 'nie', 'niemals', 'nichts', 'ohne']),
  it: new Set(['non', 'mai', 'nessuno', 'nessuna', 'niente', 'nulla', 'senza', 'ne']),
}

/**
 * Grievance cues per language: what a brand did or failed to do to the author (a delay, a
 * loss, a failure, no answer, a demand for remedy). No complaint-labelled posts exist in these
 * languages, so these are written, not learned, and each is a reason in the console.
 */
export const GRIEVANCE_CUES: Record<SupportedLanguage, ReadonlyArray<[string, RegExp]>> = {
  es: [
    ['still waiting', /\b(todavia no|aun no|sigo esperando|llevo \w+ (dias|semanas|horas))\b/],
    [
      'no answer',
      /\b(nadie (me )?(responde|contesta|ayuda)|sin respuesta|no (me )?(responden|contestan))\b/,
    ],
    ['delay or cancellation', /\b(retras\w*|cancela\w*|no (ha )?llegad?o|no llega)\b/],
    ['broken or lost', /\b(no funciona|roto|rota|perdid[oa]s?|falla\w*|error\w*|caid[oa])\b/],
    ['money or remedy', /\b(reembolso|devolucion|devuelvan|cobr\w+|estafa\w*|reclamacion|queja)\b/],
  ],
  pt: [
    ['still waiting', /\b(ainda nao|continuo esperando|ha \w+ (dias|semanas|horas))\b/],
    ['no answer', /\b(ninguem (me )?(responde|ajuda)|sem resposta|nao (me )?respondem)\b/],
    ['delay or cancellation', /\b(atras\w*|cancela\w*|nao chegou|nao chega)\b/],
    ['broken or lost', /\b(nao funciona|quebrad[oa]|perdid[oa]s?|falh\w*|erro\w*|caiu)\b/],
    ['money or remedy', /\b(reembolso|devolucao|devolvam|cobr\w+|golpe|reclama\w*)\b/],
  ],
  fr: [
    [
      'still waiting',
      /\b(toujours pas|j'?attends toujours|toujours en attente|depuis \w+ (jours|semaines|heures))\b/,
    ],
    ['no answer', /\b(aucune reponse|personne ne (repond|m'?aide)|sans reponse|ne repond)\b/],
    ['delay or cancellation', /\b(retard\w*|annul\w*|jamais (arrive|recu)|pas (arrive|recu))\b/],
    [
      'broken or lost',
      /\b(ne (marche|fonctionne) (pas|plus)|en panne|casse\w*|perdu\w*|bug\w*|erreur\w*)\b/,
    ],
    ['money or remedy', /\b(rembourse\w*|arnaque\w*|factur\w+|reclamation|plainte)\b/],
  ],
  de: [
    [
      'still waiting',
      /\b(immer noch (nicht|kein\w*)|warte (seit|immer)|seit \w+ (tagen|wochen|stunden))\b/,
    ],
    ['no answer', /\b(keine antwort|niemand (antwortet|hilft)|antwortet nicht)\b/],
    [
      'delay or cancellation',
      /\b(verspat\w*|storniert\w*|abgesagt|ausgefallen|nicht (angekommen|geliefert))\b/,
    ],
    [
      'broken or lost',
      /\b(funktioniert (nicht|nie)|kaputt|defekt|verloren|fehler\w*|geht nicht)\b/,
    ],
    [
      'money or remedy',
      /\b(erstatt\w*|ruckerstattung|abzocke|beschwerde|reklamation|geld zuruck)\b/,
    ],
  ],
  it: [
    [
      'still waiting',
      /\b(ancora (non|niente|nessun\w*)|aspetto da|da \w+ (giorni|settimane|ore))\b/,
    ],
    ['no answer', /\b(nessuna risposta|nessuno (risponde|aiuta)|non rispond\w+)\b/],
    ['delay or cancellation', /\b(ritard\w*|cancellat\w*|annullat\w*|non (e )?arrivat\w*)\b/],
    ['broken or lost', /\b(non funziona|rott[oa]|pers[oa]|guast\w*|error\w*|bloccat\w*)\b/],
    ['money or remedy', /\b(rimbors\w*|truffa|addebit\w*|reclamo|lamentela)\b/],
  ],
}

/** Names of the dense features of a non-English post, in order. */
export const LANGUAGE_DENSE = [
  'lexicon positive',
  'lexicon negative',
  'emoji positive',
  'emoji negative',
  'exclamations',
  'questions',
  'links',
  'mentions',
  'capitals',
  'addressed to an account',
] as const

/** Letters a prefix keeps: Romance and German inflections change the end of a word. */
export const PREFIX = 5
/** A negated lexicon word keeps most of its strength with the sign flipped (as in English). */
const NEGATED = -0.75
/** How many words a negation reaches. */
const NEGATION_REACH = 3

/** Lower case without accents, elongations cut: "Décevantttt" → "decevant". */
export const foldWord = (word: string) =>
  word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/(\p{L})\1{2,}/gu, '$1')

export interface LanguageFeatures {
  ids: Uint32Array
  /** The features' names, only when asked for (training). */
  names: string[] | null
  dense: Float64Array
  /** Lexicon and emoji hits, for the reasons. */
  cues: Cue[]
  /** The post's words, folded, for the grievance cues and the learned-word reasons. */
  words: string[]
}

/**
 * The features of a post in a supported language other than English: words and bigrams
 * (accent-folded, marked when negated), word prefixes, emoji, hashtags, and the language's
 * lexicon summed with negation. Chosen by 5-fold cross-validation on each language's training
 * posts (scripts/train-analyzer.ts); char n-grams and pooling the languages did not help.
 */
export function languageFeatures(
  text: string,
  kit: Pick<LanguageKit, 'language' | 'lexicon' | 'prefixes'>,
  withNames = false,
  tokens: readonly Token[] = tokenize(text),
): LanguageFeatures {
  const negations = NEGATIONS[kit.language]
  const names: string[] = []
  const dense = new Float64Array(LANGUAGE_DENSE.length)
  const cues: Cue[] = []
  const words: string[] = []
  let previous = '<s>'
  let negatedFor = 0
  let negator = ''
  let positive = 0
  let negative = 0
  tokens.forEach((t, index) => {
    switch (t.kind) {
      case 'punct':
        if (t.norm.includes('!')) dense[4]! += 1
        if (t.norm.includes('?')) dense[5]! += 1
        negatedFor = 0
        previous = '<s>'
        return
      case 'url':
        dense[6] = 1
        previous = '<url>'
        return
      case 'mention':
        dense[7]! += 1
        if (index === 0) dense[9] = 1
        previous = '@user'
        return
      case 'emoji':
      case 'emoticon': {
        names.push(`e:${t.raw}`)
        const polarity = t.kind === 'emoji' ? emojiPolarity(t.raw) : emoticonPolarity(t.raw)
        if (polarity > 0) dense[2]! += 1
        if (polarity < 0) dense[3]! += 1
        if (polarity !== 0) cues.push({ reason: `${t.kind}: ${t.raw}`, value: polarity })
        return
      }
    }
    const word = foldWord(t.norm)
    words.push(word)
    const isNegation = negations.has(word)
    const negated = negatedFor > 0 && !isNegation
    if (negatedFor > 0) negatedFor--
    if (isNegation) {
      negatedFor = NEGATION_REACH
      negator = t.raw
    }
    const mark = negated ? '_NEG' : ''
    names.push(`w:${word}${mark}`, `b:${previous} ${word}`)
    if (word.length > PREFIX) names.push(`p:${word.slice(0, PREFIX)}${mark}`)
    if (t.kind === 'hashtag') names.push(`h:${word}`)
    if (t.shouted) dense[8]! += 1
    const polarity =
      kit.lexicon.get(word) ??
      (word.length > PREFIX ? kit.prefixes.get(word.slice(0, PREFIX)) : undefined)
    if (polarity !== undefined) {
      const value = negated ? NEGATED * polarity : polarity
      if (value > 0) positive += value
      else negative -= value
      names.push(`lx:${value > 0 ? '+' : '-'}${Math.abs(polarity) > 0.5 ? 2 : 1}${mark}`)
      cues.push({
        reason: negated
          ? `negation: ${negator} ${t.raw}`
          : `lexicon (${kit.language}): ${t.raw} (${polarity > 0 ? '+' : ''}${round2(polarity)})`,
        value: value * 3,
      })
    }
    previous = word
  })
  dense[0] = Math.log1p(positive)
  dense[1] = Math.log1p(negative)
  for (const d of [2, 3, 4, 5, 7, 8]) dense[d] = Math.min(dense[d]!, 3) / 3
  return {
    ids: Uint32Array.from(names, featureId),
    names: withNames ? names : null,
    dense,
    cues,
    words,
  }
}

/** The grievance cues a post's folded words show. */
export function grievanceCues(language: SupportedLanguage, words: readonly string[]): string[] {
  const text = words.join(' ')
  return GRIEVANCE_CUES[language].filter(([, pattern]) => pattern.test(text)).map(([n]) => n)
}

/** The lexicon's mean polarity per word prefix, where the words sharing it agree enough. */
export function lexiconPrefixes(lexicon: ReadonlyMap<string, number>): Map<string, number> {
  const sums = new Map<string, [number, number]>()
  for (const [word, polarity] of lexicon) {
    if (word.length <= PREFIX) continue
    const key = word.slice(0, PREFIX)
    const sum = sums.get(key) ?? [0, 0]
    sum[0] += polarity
    sum[1]++
    sums.set(key, sum)
  }
  const prefixes = new Map<string, number>()
  for (const [key, [sum, n]] of sums) if (Math.abs(sum / n) > 0.1) prefixes.set(key, sum / n)
  return prefixes
}

const round2 = (n: number) => Math.round(n * 100) / 100
