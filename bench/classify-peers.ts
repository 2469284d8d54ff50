import { createRequire } from 'node:module'
import type { SentimentLabel } from '../shared/schemas/scoring.js'

const require = createRequire(import.meta.url)

export type Classify = (text: string) => { label: SentimentLabel; score: number }

const bySign = (score: number): SentimentLabel =>
  score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral'

/** VADER's README: compound >= 0.05 is positive, <= -0.05 negative, neutral between. */
const vaderLabel = (compound: number): SentimentLabel =>
  compound >= 0.05 ? 'positive' : compound <= -0.05 ? 'negative' : 'neutral'

/** The npm analyzers the issues name, each with its own documented neutral band. */
export function peers(): Array<{ name: string; classify: Classify }> {
  const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer.js')
  const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer.js')
  const WordTokenizer = require('natural/lib/natural/tokenizers/regexp_tokenizer.js').WordTokenizer
  const natural = new SentimentAnalyzer('English', PorterStemmer, 'afinn')
  const tokenizer = new WordTokenizer()
  const vader = require('vader-sentiment').SentimentIntensityAnalyzer
  const wink = require('wink-sentiment')
  const Sentiment = require('sentiment')
  const sentiment = new Sentiment()
  const scored = (score: number, label = bySign(score)) => ({ label, score })
  return [
    {
      name: 'natural AFINN',
      classify: (t) => scored(natural.getSentiment(tokenizer.tokenize(t))),
    },
    {
      name: 'vader-sentiment',
      classify: (t) => {
        const { compound } = vader.polarity_scores(t)
        return scored(compound, vaderLabel(compound))
      },
    },
    { name: 'wink-sentiment', classify: (t) => scored(wink(t).normalizedScore) },
    { name: 'sentiment', classify: (t) => scored(sentiment.analyze(t).score) },
  ]
}
