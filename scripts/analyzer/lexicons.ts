import { createRequire } from 'node:module'
import { foldWord, type SupportedLanguage } from '../../workers/pipeline/analyzer/languages.js'

const require = createRequire(import.meta.url)
const DIR = 'natural/lib/natural/sentiment/'

/** Where each language's lexicons come from, all shipped by natural (MIT); see the README. */
const SOURCES: Record<
  SupportedLanguage,
  Array<{ file: string; kind: 'afinn' | 'senticon' | 'pattern' }>
> = {
  // AFINN translated by natural's authors; ML-Senticon (Cruz et al., 2014).
  es: [
    { file: 'Spanish/afinnShortSortedSpanish.json', kind: 'afinn' },
    { file: 'Spanish/senticon_es.json', kind: 'senticon' },
  ],
  pt: [{ file: 'Portuguese/afinnShortSortedPortuguese.json', kind: 'afinn' }],
  // Pattern's lexicons (CLiPS, BSD licence).
  fr: [{ file: 'French/pattern-sentiment-fr.json', kind: 'pattern' }],
  de: [{ file: 'German/pattern-sentiment-de.json', kind: 'pattern' }],
  it: [{ file: 'Italian/pattern-sentiment-it.json', kind: 'pattern' }],
}

type Entry = number | { pol?: string; polarity?: string; sense?: string }

/**
 * A language's lexicon as the analyzer reads it: accent-folded lower-case word → polarity in
 * -1..1 (AFINN's -5..5 scaled), later sources overriding earlier ones; German's inflected forms
 * (Pattern's "sense") get their lemma's polarity. Sorted, so the model file is reproducible.
 */
export function buildLexicon(language: SupportedLanguage): Record<string, number> {
  const lexicon = new Map<string, number>()
  const put = (word: string, polarity: number) => {
    if (Number.isFinite(polarity) && polarity !== 0 && /\p{L}/u.test(word)) {
      lexicon.set(foldWord(word.toLowerCase()), Math.round(polarity * 100) / 100)
    }
  }
  for (const { file, kind } of SOURCES[language]) {
    const entries = require(DIR + file) as Record<string, Entry>
    for (const [word, entry] of Object.entries(entries)) {
      if (kind === 'afinn') put(word, (entry as number) / 5)
      else if (typeof entry === 'object') {
        const polarity = Number(kind === 'senticon' ? entry.pol : entry.polarity)
        put(word, polarity)
        if (language === 'de' && entry.sense) {
          for (const form of entry.sense.split(',')) if (form) put(form, polarity)
        }
      }
    }
  }
  return Object.fromEntries([...lexicon].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
