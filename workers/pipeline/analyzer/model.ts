import fs from 'node:fs'
import {
  isSupportedLanguage,
  lexiconPrefixes,
  type LanguageKit,
  type LanguageModelFile,
} from './languages.js'
import { jointModels, LinearModel, type LinearModelWeights } from './linear-model.js'

/** What scripts/train-analyzer.ts writes to analyzer-model.json and the analyzer reads. */
export interface AnalyzerModelFile {
  version: string
  /** The sentiment model over the post's features: classes negative, neutral, positive. */
  sentiment: LinearModelWeights
  /** The complaint model over the post's features, its complaint cues and the sentiment. */
  complaint: LinearModelWeights
  /** The other languages the analyzer reads (languages.ts), by ISO 639-1 code. */
  languages: Record<string, LanguageModelFile>
  calibration: {
    /** Added to the negative and positive logits, tuned for macro-averaged recall. */
    negativeOffset: number
    positiveOffset: number
    /** How much the complaint logit adds to the negative one: a complaint is negative. */
    complaintToNegative: number
    /** Complaint probability from which a post is a complaint, tuned for F1. */
    complaintThreshold: number
  }
  /** Figures measured on the development data when the model was trained. */
  development: Record<string, unknown>
}

export interface AnalyzerModel {
  /** The file's name and calibration; its weights live in the models' tables only. */
  file: Pick<AnalyzerModelFile, 'version' | 'calibration' | 'development'>
  sentiment: LinearModel
  complaint: LinearModel
  /** Models of the other supported languages, by code. */
  languages: ReadonlyMap<string, LanguageKit>
  /** Whether a lower-case word is in the English training vocabulary. */
  isEnglishWord(word: string): boolean
}

export const MODEL_URL = new URL('./analyzer-model.json', import.meta.url)

let loaded: AnalyzerModel | undefined

/** The shipped model, read once (it is built by `npm run train:analyzer`, not at run time). */
export function analyzerModel(): AnalyzerModel {
  loaded ??= buildModel(JSON.parse(fs.readFileSync(MODEL_URL, 'utf8')) as AnalyzerModelFile)
  return loaded
}

export function buildModel(file: AnalyzerModelFile): AnalyzerModel {
  const vocabulary = new Set(
    Object.keys(file.sentiment.sparse)
      .filter((f) => f.startsWith('w:') && !f.endsWith('_NEG'))
      .map((f) => f.slice(2)),
  )
  // One table for both: each feature of a post is looked up once for the two models.
  const [sentiment, complaint] = jointModels([file.sentiment, file.complaint])
  return {
    // Not the whole file: its weights as JSON objects would double the heap for nothing.
    file: { version: file.version, calibration: file.calibration, development: file.development },
    sentiment: sentiment!,
    complaint: complaint!,
    languages: new Map(
      Object.entries(file.languages ?? {}).flatMap(([code, language]) => {
        if (!isSupportedLanguage(code)) return []
        const lexicon = new Map(Object.entries(language.lexicon))
        const kit: LanguageKit = {
          language: code,
          sentiment: new LinearModel(language.sentiment),
          lexicon,
          prefixes: lexiconPrefixes(lexicon),
        }
        return [[code, kit] as const]
      }),
    ),
    isEnglishWord: (word) => vocabulary.has(word),
  }
}
