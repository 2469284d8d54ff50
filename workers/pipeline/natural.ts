import { createRequire } from 'node:module'

/*
 * natural's root module loads its storage back ends, which run dotenv on import: that reads
 * ./.env into process.env and prints a banner on stdout. Only the tokenizers and the
 * sentiment analyzer are needed, so they are required one by one and the root is never loaded
 * (eslint forbids importing 'natural' itself).
 */
const require = createRequire(import.meta.url)

type Tokenizer = { tokenize(text: string): string[] }
type TokenizerClass = new () => Tokenizer
type SentimentAnalyzer = {
  vocabulary: Record<string, unknown>
  negations?: string[]
}
type SentimentAnalyzerClass = new (
  language: string,
  stemmer: null,
  vocabulary: 'afinn',
) => SentimentAnalyzer

const AggressiveTokenizer: TokenizerClass = require('natural/lib/natural/tokenizers/aggressive_tokenizer.js')
const AggressiveTokenizerEs: TokenizerClass = require('natural/lib/natural/tokenizers/aggressive_tokenizer_es.js')
const AggressiveTokenizerPt: TokenizerClass = require('natural/lib/natural/tokenizers/aggressive_tokenizer_pt.js')
const Analyzer: SentimentAnalyzerClass = require('natural/lib/natural/sentiment/SentimentAnalyzer.js')

/** Languages with an AFINN vocabulary in natural. */
export type SentimentLanguage = 'English' | 'Spanish' | 'Portuguese'

export interface LanguageKit {
  language: SentimentLanguage
  tokenizer: Tokenizer
  analyzer: SentimentAnalyzer
}

const kits: Record<SentimentLanguage, LanguageKit> = {
  English: {
    language: 'English',
    tokenizer: new AggressiveTokenizer(),
    analyzer: new Analyzer('English', null, 'afinn'),
  },
  Spanish: {
    language: 'Spanish',
    tokenizer: new AggressiveTokenizerEs(),
    analyzer: new Analyzer('Spanish', null, 'afinn'),
  },
  Portuguese: {
    language: 'Portuguese',
    tokenizer: new AggressiveTokenizerPt(),
    analyzer: new Analyzer('Portuguese', null, 'afinn'),
  },
}

/** The tokenizer and AFINN analyzer for a post's language tag; English when unknown. */
export function languageKit(lang: string | null): LanguageKit {
  const primary = lang?.slice(0, 2).toLowerCase()
  if (primary === 'es') return kits.Spanish
  if (primary === 'pt') return kits.Portuguese
  return kits.English
}

const PorterStemmer: {
  stem(word: string): string
} = require('natural/lib/natural/stemmers/porter_stemmer.js')
const Stopwords: { words: string[] } = require('natural/lib/natural/util/stopwords.js')

/** natural's Porter stemmer: "dropped" → "drop", "history" → "histori" (theme keyphrases). */
export const stemWord = (word: string): string => PorterStemmer.stem(word)

/** natural's English stopword list. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(Stopwords.words)
