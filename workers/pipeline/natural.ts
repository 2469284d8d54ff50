import { createRequire } from 'node:module'
import { stemmer } from 'stemmer'

/*
 * natural's root module loads its storage back ends, which run dotenv on import: that reads
 * ./.env into process.env and prints a banner on stdout. Only the stopwords are needed here,
 * so they are required alone and the root is never loaded (eslint forbids importing 'natural'
 * itself).
 */
const require = createRequire(import.meta.url)

const Stopwords: { words: string[] } = require('natural/lib/natural/util/stopwords.js')

/**
 * Porter's stemmer: "dropped" → "drop", "history" → "histori" (the analyzer's stem features,
 * theme keyphrases). The `stemmer` package rather than natural's: the same stems for all but
 * 7 of the 84,826 words of the development data (natural's own bugs with "y"), at 1.1 µs a
 * word against 8.9, and stemming every new word was a tenth of the classify CLI's time.
 */
export const stemWord = (word: string): string => stemmer(word)

/** natural's English stopword list. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(Stopwords.words)
