import {
  languageFeatures,
  lexiconPrefixes,
  type LanguageModelFile,
  type SupportedLanguage,
} from '../../workers/pipeline/analyzer/languages.js'
import { LinearModel, softmax } from '../../workers/pipeline/analyzer/linear-model.js'
import { readLanguageDataset, type LabelledPost } from './datasets.js'
import { buildLexicon } from './lexicons.js'
import { classReport } from './metrics.js'
import {
  mulberry32,
  trainLinear,
  withoutHashCollisions,
  type Example,
  type TrainOptions,
} from './train-linear.js'

const CLASSES = ['negative', 'neutral', 'positive']
/**
 * Chosen by 5-fold cross-validation on the five languages' training posts (mean macro-F1 over
 * the languages): epochs 5–40 × rate 0.005–0.1 × l2 1e-5–1e-2 gave 0.587–0.604, with a low
 * rate best and l2 making no difference; the prefix and lexicon-hit features then 0.611.
 */
export const LANGUAGE_OPTIONS: Omit<TrainOptions, 'version'> = {
  classes: CLASSES,
  epochs: 20,
  rate: 0.01,
  l2: 1e-4,
  minCount: 1,
  seed: 1,
  balanced: true,
}
export const LANGUAGE_FOLDS = 5

/**
 * One language's sentiment model from UMSAB's training posts, with its cross-validated
 * macro-F1 (mean and spread over the folds) and its figures on the validation posts, which
 * chose nothing.
 */
export function trainLanguage(dir: string, language: SupportedLanguage, version: string) {
  const lexicon = buildLexicon(language)
  const lexiconMap = new Map(Object.entries(lexicon))
  const kit = { language, lexicon: lexiconMap, prefixes: lexiconPrefixes(lexiconMap) }
  const example = (post: LabelledPost): Example & { ids: Uint32Array } => {
    const f = languageFeatures(post.text, kit, true)
    return { sparse: f.names!, ids: f.ids, dense: f.dense, label: CLASSES.indexOf(post.label) }
  }
  const options = { ...LANGUAGE_OPTIONS, version: `${version}/${language}` }
  const fit = (examples: Example[]) =>
    withoutHashCollisions(trainLinear(examples, options), []).model
  const macroF1 = (model: LinearModel, examples: Array<Example & { ids: Uint32Array }>) =>
    classReport(
      CLASSES,
      examples.map((e) => e.label),
      examples.map((e) => softmax(model.logits({ ids: e.ids, groups: [] }, e.dense)).best),
    )

  const train = readLanguageDataset(dir, language, 'train').map(example)
  const random = mulberry32(3)
  const fold = train.map(() => Math.floor(random() * LANGUAGE_FOLDS))
  const scores: number[] = []
  for (let k = 0; k < LANGUAGE_FOLDS; k++) {
    const model = new LinearModel(fit(train.filter((_, i) => fold[i] !== k)))
    scores.push(
      macroF1(
        model,
        train.filter((_, i) => fold[i] === k),
      ).macroF1,
    )
  }
  const sentiment = fit(train)
  const validation = macroF1(
    new LinearModel(sentiment),
    readLanguageDataset(dir, language, 'val').map(example),
  )
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length
  const spread = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length)
  const file: LanguageModelFile = { sentiment, lexicon }
  return {
    file,
    figures: {
      crossValidated: { macroF1: round3(mean), spread: round3(spread), folds: LANGUAGE_FOLDS },
      validation: { macroF1: validation.macroF1, macroRecall: validation.macroRecall },
    },
  }
}

const round3 = (n: number) => Math.round(n * 1000) / 1000
