/**
 * Trains the analyzer's models from the development data and writes the weights the product
 * ships (workers/pipeline/analyzer/analyzer-model.json). Deterministic: the same data gives
 * the same file. Usage: npm run train:analyzer [-- --data DIR] [--out FILE]
 */
import fs from 'node:fs'
import { z } from 'zod'
import { SENTIMENT_LABELS } from '../shared/schemas/scoring.js'
import { ConfigError } from '../server/config.js'
import { flagProblems, parseArgv } from '../server/lib/flags.js'
import { matchComplaintCues } from '../workers/pipeline/analyzer/complaint-cues.js'
import {
  complaintInput,
  DENSE_FEATURES,
  extractFeatures,
  type Features,
} from '../workers/pipeline/analyzer/features.js'
import { LinearModel, softmax } from '../workers/pipeline/analyzer/linear-model.js'
import {
  buildModel,
  MODEL_URL,
  type AnalyzerModel,
  type AnalyzerModelFile,
} from '../workers/pipeline/analyzer/model.js'
import { analyzeText, rawScores } from '../workers/pipeline/analyze.js'
import { trainLanguage } from './analyzer/train-languages.js'
import { SUPPORTED_LANGUAGES } from '../workers/pipeline/analyzer/languages.js'
import {
  DEFAULT_DATA_DIR,
  readDataset,
  scoreStanceCases,
  type LabelledPost,
} from './analyzer/datasets.js'
import { classReport } from './analyzer/metrics.js'
import {
  mulberry32,
  trainLinear,
  type Example,
  withoutHashCollisions,
  type TrainOptions,
} from './analyzer/train-linear.js'

const VERSION = 'firebreak-lr-4'
const CLASSES = [...SENTIMENT_LABELS]
/**
 * Chosen on the TweetEval validation set in earlier sessions (see the README's analyzer
 * section); the calibration now comes from cross-validation on the pool instead.
 */
const SENTIMENT_OPTIONS: TrainOptions = {
  version: `${VERSION}/sentiment`,
  classes: CLASSES,
  epochs: 8,
  rate: 0.01,
  l2: 1e-5,
  minCount: 2,
  seed: 1,
  balanced: true,
}
/** Chosen by 10-fold cross-validation on the complaint development set. */
const COMPLAINT_OPTIONS: TrainOptions = {
  version: `${VERSION}/complaint`,
  classes: ['not_complaint', 'complaint'],
  epochs: 10,
  rate: 0.05,
  l2: 1e-5,
  minCount: 1,
  seed: 1,
  balanced: true,
}
const FOLDS = 10
/** Folds of the SemEval pool that the calibration and the reported figures come from. */
const SENTIMENT_FOLDS = 5

/** A complaint example, with what scoring it again needs. */
type ComplaintExample = Example & { features: Features; cueIds: Uint32Array }

/** The SemEval pool's sarcastic tweets (SemEval 2014's sarcasm test set), scored out of fold. */
const SARCASM_FILE = 'twitter-2014sarcasm-A.tsv'

const Flags = z
  .object({
    data: z.string().default(DEFAULT_DATA_DIR),
    out: z.string().optional(),
    /**
     * Dense features (DENSE_FEATURES) to train without, comma-separated: they are zero in every
     * example, so their weights stay zero. Measures what a feature adds (an ablation).
     */
    without: z
      .string()
      .default('')
      .transform((list) => list.split(',').filter(Boolean))
      .pipe(z.array(z.enum(DENSE_FEATURES))),
  })
  .strict()

function main() {
  const { values } = parseArgv({
    options: { data: { type: 'string' }, out: { type: 'string' }, without: { type: 'string' } },
    strict: true,
  })
  const flags = Flags.safeParse(values)
  if (!flags.success) throw new ConfigError(flagProblems(flags.error))
  const dir = flags.data.data
  const log = (line: string) => process.stderr.write(`${line}\n`)
  const without = flags.data.without.map((name) => DENSE_FEATURES.indexOf(name))
  const featurise = (text: string) => {
    const f = extractFeatures(text, true)
    for (const d of without) f.dense[d] = 0
    return f
  }

  const sentimentExample = (post: LabelledPost): Example => {
    const f = featurise(post.text)
    return { sparse: f.names!, dense: f.dense, label: CLASSES.indexOf(post.label as never) }
  }
  log('sentiment: reading and featurising SemEval 2013-2016 ...')
  const pool = readDataset(dir, 'train')
  const train = pool.map(sentimentExample)
  const sentiment = trainLinear(train, SENTIMENT_OPTIONS)
  const sentimentModel = new LinearModel(sentiment)
  log(`sentiment: ${Object.keys(sentiment.sparse).length} features`)

  const complaintExample = (post: LabelledPost): ComplaintExample => {
    const f = featurise(post.text)
    const base = sentimentModel.predict(f, f.dense).probabilities
    const input = complaintInput(f, matchComplaintCues(post.text, f.tokens), base)
    return {
      sparse: input.names!,
      dense: input.dense,
      features: f,
      cueIds: input.cueIds,
      label: post.complaint ? 1 : 0,
    }
  }
  const complaintSet = readDataset(dir, 'complaints').map(complaintExample)
  const { threshold, crossValidated } = crossValidateComplaints(complaintSet)
  log(`complaint: ${FOLDS}-fold F1 ${crossValidated.f1.complaint} at threshold ${threshold}`)
  const { model: complaint, dropped } = withoutHashCollisions(
    trainLinear(complaintSet, COMPLAINT_OPTIONS),
    [sentiment],
  )
  log(`complaint: ${Object.keys(complaint.sparse).length} features`)
  if (dropped.length) log(`complaint: dropped for a feature id collision: ${dropped.join(', ')}`)
  const complaintModel = new LinearModel(complaint)

  // Calibration: offsets and the complaint→negative weight, tuned on what the models say of
  // posts they did not learn from: out-of-fold scores of the SemEval pool (each fold's post
  // scored by a sentiment model trained on the other folds) and the airline tweets (licensed
  // for thresholds). TweetEval validation tunes nothing: it is the final check below.
  log(`sentiment: ${SENTIMENT_FOLDS}-fold cross-validation on the training pool ...`)
  const random = mulberry32(11)
  const poolFold = pool.map(() => Math.floor(random() * SENTIMENT_FOLDS))
  const outOfFold: Scored[] = new Array(pool.length)
  for (let k = 0; k < SENTIMENT_FOLDS; k++) {
    const foldModel = new LinearModel(
      trainLinear(
        train.filter((_, i) => poolFold[i] !== k),
        SENTIMENT_OPTIONS,
      ),
    )
    const models = { sentiment: foldModel, complaint: complaintModel }
    pool.forEach((post, i) => {
      if (poolFold[i] === k) outOfFold[i] = scored(post, models)
    })
  }
  const airline = readDataset(dir, 'airline').map((post) =>
    scored(post, { sentiment: sentimentModel, complaint: complaintModel }),
  )
  let best = { objective: -1, negativeOffset: 0, positiveOffset: 0, complaintToNegative: 0 }
  for (let a = 0; a <= 1.001; a += 0.1) {
    for (let n = -1; n <= 1.001; n += 0.1) {
      for (let p = -1; p <= 1.001; p += 0.1) {
        const calibration = { negativeOffset: n, positiveOffset: p, complaintToNegative: a }
        const objective =
          (report(outOfFold, calibration).macroRecall + report(airline, calibration).macroRecall) /
          2
        if (objective > best.objective + 1e-9) best = { objective, ...calibration }
      }
    }
  }
  // The cross-validated figures, per fold, with the chosen calibration.
  const perFold = Array.from({ length: SENTIMENT_FOLDS }, (_, k) =>
    report(
      outOfFold.filter((_, i) => poolFold[i] === k),
      best,
    ),
  )
  const sarcastic = outOfFold.filter((_, i) => pool[i]!.source_file === SARCASM_FILE)
  const sentimentCv = {
    folds: SENTIMENT_FOLDS,
    macroRecall: meanAndSpread(perFold.map((r) => r.macroRecall)),
    macroF1: meanAndSpread(perFold.map((r) => r.macroF1)),
    perFoldMacroRecall: perFold.map((r) => r.macroRecall),
    sarcasm: { posts: sarcastic.length, macroRecall: report(sarcastic, best).macroRecall },
  }
  log(`sentiment: cross-validated ${JSON.stringify(sentimentCv)}`)

  const languages = SUPPORTED_LANGUAGES.map((language) => {
    const trained = trainLanguage(dir, language, VERSION)
    log(`${language}: ${JSON.stringify(trained.figures)}`)
    return [language, trained] as const
  })
  const file: AnalyzerModelFile = {
    version: VERSION,
    sentiment,
    complaint,
    languages: Object.fromEntries(languages.map(([language, t]) => [language, t.file])),
    calibration: {
      negativeOffset: round2(best.negativeOffset),
      positiveOffset: round2(best.positiveOffset),
      complaintToNegative: round2(best.complaintToNegative),
      complaintThreshold: threshold,
    },
    development: {},
  }

  // Figures of the whole analyzer (language detection included) on the development sets.
  const model = buildModel(file)
  const evaluate = (name: 'tweeteval' | 'airline') => {
    const posts = readDataset(dir, name)
    return classReport(
      CLASSES,
      posts.map((p) => CLASSES.indexOf(p.label as never)),
      posts.map((p) => CLASSES.indexOf(analyzeText(p.text, null, model).label)),
    )
  }
  file.development = {
    semeval: { crossValidated: sentimentCv },
    tweeteval: evaluate('tweeteval'),
    airline: evaluate('airline'),
    complaints: { crossValidatedF1: crossValidated.f1.complaint, folds: FOLDS, threshold },
    languages: Object.fromEntries(languages.map(([language, t]) => [language, t.figures])),
    stanceCases: scoreStanceCases((text) => analyzeText(text, null, model).label),
  }
  const out = flags.data.out ?? MODEL_URL
  fs.writeFileSync(out, JSON.stringify(file) + '\n')
  log(`wrote ${out instanceof URL ? out.pathname : out}`)
  process.stdout.write(
    JSON.stringify({ calibration: file.calibration, development: file.development }) + '\n',
  )
}

/** Out-of-fold complaint probabilities → the F1-best threshold and the F1 it gives. */
function crossValidateComplaints(examples: ComplaintExample[]) {
  const random = mulberry32(7)
  const fold = examples.map(() => Math.floor(random() * FOLDS))
  const scores = new Array<number>(examples.length).fill(0)
  for (let k = 0; k < FOLDS; k++) {
    const model = new LinearModel(
      trainLinear(
        examples.filter((_, i) => fold[i] !== k),
        COMPLAINT_OPTIONS,
      ),
    )
    examples.forEach((e, i) => {
      if (fold[i] === k) {
        scores[i] = softmax(model.logits(e.features, e.dense, e.cueIds)).probabilities[1]!
      }
    })
  }
  const gold = examples.map((e) => e.label)
  const at = (t: number) =>
    classReport(
      COMPLAINT_OPTIONS.classes,
      gold,
      scores.map((s) => (s >= t ? 1 : 0)),
    )
  let threshold = 0.5
  for (let t = 0.3; t <= 0.701; t += 0.02) {
    if (at(t).f1.complaint! > at(threshold).f1.complaint!) threshold = round2(t)
  }
  return { threshold, crossValidated: at(threshold) }
}

/** What the calibration reads of a post: its raw sentiment logits and complaint margin. */
interface Scored {
  logits: Float64Array
  margin: number
  label: number
}

function scored(
  post: LabelledPost,
  models: Pick<AnalyzerModel, 'sentiment' | 'complaint'>,
): Scored {
  const { logits, complaintMargin } = rawScores(post.text, extractFeatures(post.text), models)
  return { logits, margin: complaintMargin, label: CLASSES.indexOf(post.label as never) }
}

function report(
  set: readonly Scored[],
  c: { negativeOffset: number; positiveOffset: number; complaintToNegative: number },
) {
  return classReport(
    CLASSES,
    set.map((e) => e.label),
    set.map((e) =>
      argmax(
        e.logits[0]! + c.negativeOffset + c.complaintToNegative * e.margin,
        e.logits[1]!,
        e.logits[2]! + c.positiveOffset,
      ),
    ),
  )
}

function meanAndSpread(xs: readonly number[]) {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const spread = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length)
  return { mean: round4(mean), spread: round4(spread) }
}

const round4 = (n: number) => Math.round(n * 10000) / 10000
const argmax = (...xs: number[]) => xs.indexOf(Math.max(...xs))
const round2 = (n: number) => Math.round(n * 100) / 100

try {
  main()
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  process.stderr.write(`train-analyzer: ${err.message}\n`)
  process.exit(2)
}
