import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/** One labelled post of the development data (../shared/data/sentiment, see its README). */
const LabelledPost = z.object({
  id: z.string(),
  text: z.string(),
  label: z.string(),
  complaint: z.boolean().optional(),
  /** SemEval's file of origin (its 2014 sarcasm set is one). */
  source_file: z.string().optional(),
})
export type LabelledPost = z.infer<typeof LabelledPost>

export const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, '../../../shared/data/sentiment')

/** The development sets by role: what trains, what tunes, what only evaluates. */
export const DATASETS = {
  /** SemEval 2013–2016: trains the sentiment model. */
  train: 'semeval2013-2016/train.jsonl',
  /** TweetEval validation: tunes the sentiment thresholds, reports TweetEval's metric. */
  tweeteval: 'tweeteval/val.jsonl',
  /** Airline customer tweets: non-commercial licence, so thresholds and evaluation only. */
  airline: 'airline/dev.jsonl',
  /** Complaint-labelled tweets: trains the complaint model (cross-validated). */
  complaints: 'complaints/dev.jsonl',
} as const

export function readDataset(dir: string, name: keyof typeof DATASETS): LabelledPost[] {
  return readJsonLines(path.join(dir, DATASETS[name]), LabelledPost)
}

/** UMSAB's tweets in one language (umsab/<lang>/{train,val}.jsonl): train trains, val checks. */
export function readLanguageDataset(
  dir: string,
  language: string,
  split: 'train' | 'val',
): LabelledPost[] {
  return readJsonLines(path.join(dir, 'umsab', language, `${split}.jsonl`), LabelledPost)
}

function readJsonLines<T>(file: string, schema: z.ZodType<T>): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => schema.parse(JSON.parse(line)))
}

/** One of our own development cases (stance-cases.jsonl): the label a reader would give. */
const StanceCase = z.object({
  id: z.string(),
  kind: z.enum(['news', 'question', 'sarcasm', 'sincere', 'opinion']),
  text: z.string(),
  label: z.enum(['negative', 'neutral', 'positive']),
})

const STANCE_CASES = path.resolve(import.meta.dirname, 'stance-cases.jsonl')

/**
 * How many of our own stance cases `label` labels as a reader would, by kind. They train
 * nothing; they show what the cross-validated figures cannot (the pool has 83 sarcastic posts).
 */
export function scoreStanceCases(label: (text: string) => string) {
  const byKind: Record<string, { right: number; posts: number }> = {}
  for (const c of readJsonLines(STANCE_CASES, StanceCase)) {
    const kind = (byKind[c.kind] ??= { right: 0, posts: 0 })
    kind.posts++
    if (label(c.text) === c.label) kind.right++
  }
  return byKind
}
