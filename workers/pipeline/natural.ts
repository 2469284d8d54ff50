import { createRequire } from 'node:module'

/*
 * natural's root module loads its storage back ends, which run dotenv on import: that reads
 * ./.env into process.env and prints a banner on stdout. Only the stemmer and the stopwords
 * are needed here, so they are required one by one and the root is never loaded (eslint
 * forbids importing 'natural' itself).
 */
const require = createRequire(import.meta.url)

const PorterStemmer: {
  stem(word: string): string
} = require('natural/lib/natural/stemmers/porter_stemmer.js')
const Stopwords: { words: string[] } = require('natural/lib/natural/util/stopwords.js')

/** natural's Porter stemmer: "dropped" → "drop", "history" → "histori" (theme keyphrases). */
export const stemWord = (word: string): string => PorterStemmer.stem(word)

/** natural's English stopword list. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(Stopwords.words)
