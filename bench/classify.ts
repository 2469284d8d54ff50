import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { z } from 'zod'
import { ConfigError } from '../server/config.js'
import { flagProblems, parseArgv } from '../server/lib/flags.js'
import { SENTIMENT_LABELS, type SentimentLabel } from '../shared/schemas/scoring.js'
import { analyzeText } from '../workers/pipeline/analyze.js'
import { classReport } from '../scripts/analyzer/metrics.js'
import { DEFAULT_DATA_DIR, DATASETS, readDataset } from '../scripts/analyzer/datasets.js'

const require = createRequire(import.meta.url)

type Classify = (text: string) => SentimentLabel
const bySign = (score: number): SentimentLabel =>
  score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral'

/** VADER's README: compound >= 0.05 is positive, <= -0.05 negative, neutral between. */
const vaderLabel = (compound: number): SentimentLabel =>
  compound >= 0.05 ? 'positive' : compound <= -0.05 ? 'negative' : 'neutral'

/** The peers the issue names, each with its own documented neutral band. */
function peers(): Array<{ name: string; classify: Classify }> {
  const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer.js')
  const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer.js')
  const WordTokenizer = require('natural/lib/natural/tokenizers/regexp_tokenizer.js').WordTokenizer
  const natural = new SentimentAnalyzer('English', PorterStemmer, 'afinn')
  const tokenizer = new WordTokenizer()
  const vader = require('vader-sentiment').SentimentIntensityAnalyzer
  const wink = require('wink-sentiment')
  const Sentiment = require('sentiment')
  const sentiment = new Sentiment()
  return [
    { name: 'natural AFINN', classify: (t) => bySign(natural.getSentiment(tokenizer.tokenize(t))) },
    { name: 'vader-sentiment', classify: (t) => vaderLabel(vader.polarity_scores(t).compound) },
    { name: 'wink-sentiment', classify: (t) => bySign(wink(t).normalizedScore) },
    { name: 'sentiment', classify: (t) => bySign(sentiment.analyze(t).score) },
  ]
}

const Flags = z.object({
  data: z.string().default(DEFAULT_DATA_DIR),
  passes: z.coerce.number().int().min(1).default(3),
})

/**
 * Firebreak's analyzer against the npm analyzers, in one process on one core: 1 warm-up pass,
 * then the median of `passes` timed passes over TweetEval validation, and each one's
 * macro-averaged recall on it.
 */
export async function runClassifyBench(argv: string[]) {
  const { values } = parseArgv({
    args: argv,
    options: { data: { type: 'string' }, passes: { type: 'string' } },
  })
  const flags = Flags.safeParse(values)
  if (!flags.success) throw new ConfigError(flagProblems(flags.error))
  const { data, passes } = flags.data
  if (!fs.existsSync(path.join(data, DATASETS.tweeteval))) {
    throw new ConfigError(`--data: no ${DATASETS.tweeteval} under ${data}`)
  }
  const posts = readDataset(data, 'tweeteval')
  // Airline tweets, for recall only (Firebreak's thresholds were tuned on them: see README).
  const airline = fs.existsSync(path.join(data, DATASETS.airline))
    ? readDataset(data, 'airline')
    : []
  const gold = posts.map((p) => SENTIMENT_LABELS.indexOf(p.label as SentimentLabel))
  const analyzers: Array<{ name: string; classify: Classify }> = [
    { name: 'firebreak', classify: (t) => analyzeText(t, null).label },
    ...peers(),
  ]

  const results = analyzers.map(({ name, classify }) => {
    const labels = posts.map((p) => classify(p.text)) // the warm-up pass, scored
    // Each analyzer starts its timed passes on a collected heap, so none pays for another's
    // garbage (or for loading models); `npm run bench` runs node with --expose-gc.
    ;(globalThis as { gc?: () => void }).gc?.()
    const rates: number[] = []
    for (let pass = 0; pass < passes; pass++) {
      const start = process.hrtime.bigint()
      for (const p of posts) classify(p.text)
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      rates.push(posts.length / seconds)
    }
    const report = classReport(
      SENTIMENT_LABELS,
      gold,
      labels.map((l) => SENTIMENT_LABELS.indexOf(l)),
    )
    const airlineRecall = airline.length
      ? classReport(
          SENTIMENT_LABELS,
          airline.map((p) => SENTIMENT_LABELS.indexOf(p.label as SentimentLabel)),
          airline.map((p) => SENTIMENT_LABELS.indexOf(classify(p.text))),
        ).macroRecall
      : null
    return {
      name,
      macro_recall: report.macroRecall,
      airline_macro_recall: airlineRecall,
      accuracy: report.accuracy,
      posts_per_s: Math.round(median(rates)),
    }
  })
  const firebreak = results[0]!.posts_per_s
  const rows = results.map((r) => ({
    ...r,
    speed_vs_firebreak: Math.round((r.posts_per_s / firebreak) * 100) / 100,
  }))
  const line = (cells: string[]) =>
    cells.map((c, i) => (i ? c.padStart(14) : c.padEnd(18))).join('')
  process.stdout.write(
    [
      `classify: ${posts.length} posts of ${DATASETS.tweeteval} (macro recall, accuracy; speed: 1 warm-up + median of ${passes} passes, one core); airline: macro recall on ${airline.length} posts of ${DATASETS.airline}`,
      line(['analyzer', 'macro recall', 'accuracy', 'airline', 'posts/s', 'vs firebreak']),
      ...rows.map((r) =>
        line([
          r.name,
          r.macro_recall.toFixed(3),
          r.accuracy.toFixed(3),
          r.airline_macro_recall?.toFixed(3) ?? '—',
          r.posts_per_s.toLocaleString('en-US'),
          `${r.speed_vs_firebreak.toFixed(2)}x`,
        ]),
      ),
      '',
    ].join('\n'),
  )
  return {
    bench: 'classify',
    file: DATASETS.tweeteval,
    posts: posts.length,
    passes,
    analyzers: rows,
  }
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
