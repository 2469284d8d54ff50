import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { ConfigError } from '../server/config.js'
import { flagProblems, parseArgv } from '../server/lib/flags.js'
import { SENTIMENT_LABELS, type SentimentLabel } from '../shared/schemas/scoring.js'
import { analyzeText } from '../workers/pipeline/analyze.js'
import { SUPPORTED_LANGUAGES } from '../workers/pipeline/analyzer/languages.js'
import { analyzerModel } from '../workers/pipeline/analyzer/model.js'
import { classReport } from '../scripts/analyzer/metrics.js'
import {
  DEFAULT_DATA_DIR,
  DATASETS,
  readDataset,
  readLanguageDataset,
  scoreStanceCases,
} from '../scripts/analyzer/datasets.js'
import { peers, type Classify } from './classify-peers.js'

const ROOT = path.resolve(import.meta.dirname, '..')

const Flags = z.object({
  data: z.string().default(DEFAULT_DATA_DIR),
  passes: z.coerce.number().int().min(1).default(3),
  /** Lines fed to each CLI per pass (the SemEval pool's texts, repeated as needed). */
  lines: z.coerce.number().int().min(1000).default(50_000),
})

/**
 * Firebreak's analyzer against the npm analyzers. Quality: TweetEval validation and the
 * airline tweets for every analyzer, then Firebreak's cross-validated figures (from training),
 * each language's UMSAB validation posts, and its complaint F1. Speed, twice: in one process
 * (1 warm-up pass, then the median of `passes` over TweetEval validation), and through the CLI
 * (`npm run -s classify`'s program, and each peer behind the same JSON Lines loop), each a
 * process pinned to one core, fed `lines` posts over a pipe: the median of `passes` runs, timed
 * from its first output line to its last (loading apart, reported with the RSS after it).
 */
export async function runClassifyBench(argv: string[]) {
  const { values } = parseArgv({
    args: argv,
    options: { data: { type: 'string' }, passes: { type: 'string' }, lines: { type: 'string' } },
  })
  const flags = Flags.safeParse(values)
  if (!flags.success) throw new ConfigError(flagProblems(flags.error))
  const { data, passes, lines } = flags.data
  for (const need of [DATASETS.tweeteval, DATASETS.train, DATASETS.complaints]) {
    if (!fs.existsSync(path.join(data, need)))
      throw new ConfigError(`--data: no ${need} under ${data}`)
  }
  const inProcess = inProcessFigures(data, passes)
  const firebreak = firebreakFigures(data)
  const cli = await cliFigures(data, passes, lines)
  const wink = cli.find((c) => c.name === 'wink-sentiment')!
  const ours = cli.find((c) => c.name === 'firebreak')!

  const line = (cells: string[]) =>
    cells.map((c, i) => (i ? c.padStart(14) : c.padEnd(18))).join('')
  process.stdout.write(
    [
      `classify: ${inProcess.posts} posts of ${DATASETS.tweeteval} (macro recall, accuracy; in process: 1 warm-up + median of ${passes} passes); airline: macro recall on ${inProcess.airlinePosts} posts; CLI: ${lines} lines over a pipe, one core, median of ${passes}`,
      line([
        'analyzer',
        'macro recall',
        'accuracy',
        'airline',
        'in-process/s',
        'CLI posts/s',
        'RSS MB',
      ]),
      ...inProcess.rows.map((r) => {
        const c = cli.find((x) => x.name === r.name)!
        return line([
          r.name,
          r.macro_recall.toFixed(3),
          r.accuracy.toFixed(3),
          r.airline_macro_recall?.toFixed(3) ?? '—',
          r.posts_per_s.toLocaleString('en-US'),
          c.posts_per_s.toLocaleString('en-US'),
          c.rss_mb_after_load.toFixed(0),
        ])
      }),
      `firebreak, cross-validated on the training pool: ${JSON.stringify(firebreak.cross_validated)}`,
      `firebreak, per language (UMSAB val, language detected): ${JSON.stringify(firebreak.languages)}`,
      `firebreak, own stance cases labelled right: ${JSON.stringify(firebreak.stance_cases)}`,
      '',
    ].join('\n'),
  )
  return {
    bench: 'classify',
    file: DATASETS.tweeteval,
    posts: inProcess.posts,
    passes,
    analyzers: inProcess.rows,
    ...firebreak,
    cli: { lines, analyzers: cli, firebreak_vs_wink: round2(ours.posts_per_s / wink.posts_per_s) },
  }
}

/** Every analyzer in this process: TweetEval and airline figures, and posts/s. */
function inProcessFigures(data: string, passes: number) {
  const posts = readDataset(data, 'tweeteval')
  // Airline tweets, for recall only (the calibration was tuned on them: see README).
  const airline = fs.existsSync(path.join(data, DATASETS.airline))
    ? readDataset(data, 'airline')
    : []
  const gold = posts.map((p) => SENTIMENT_LABELS.indexOf(p.label as SentimentLabel))
  const analyzers: Array<{ name: string; classify: Classify }> = [
    {
      name: 'firebreak',
      classify: (t) => {
        const a = analyzeText(t, null)
        return { label: a.label, score: a.sentiment }
      },
    },
    ...peers(),
  ]
  const rows = analyzers.map(({ name, classify }) => {
    const labels = posts.map((p) => classify(p.text).label) // the warm-up pass, scored
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
          airline.map((p) => SENTIMENT_LABELS.indexOf(classify(p.text).label)),
        ).macroRecall
      : null
    return {
      name,
      macro_recall: report.macroRecall,
      macro_f1: report.macroF1,
      airline_macro_recall: airlineRecall,
      accuracy: report.accuracy,
      posts_per_s: Math.round(median(rates)),
    }
  })
  return { posts: posts.length, airlinePosts: airline.length, rows }
}

/**
 * Firebreak's own figures: cross-validated ones as training measured them (the shipped model
 * file's `development`), and, measured here, each language's validation posts through the
 * whole analyzer (language detection included) and the complaint decision on the complaint
 * posts (which trained the complaint model: its honest figure is the cross-validated one).
 */
function firebreakFigures(data: string) {
  const development = analyzerModel().file.development as {
    semeval?: { crossValidated: unknown }
    complaints?: { crossValidatedF1: number; folds: number }
    languages?: Record<string, { crossValidated: unknown }>
  }
  const languages = Object.fromEntries(
    SUPPORTED_LANGUAGES.filter((l) => fs.existsSync(path.join(data, 'umsab', l, 'val.jsonl'))).map(
      (language) => {
        const posts = readLanguageDataset(data, language, 'val')
        const analyses = posts.map((p) => analyzeText(p.text, null))
        const report = classReport(
          SENTIMENT_LABELS,
          posts.map((p) => SENTIMENT_LABELS.indexOf(p.label as SentimentLabel)),
          analyses.map((a) => SENTIMENT_LABELS.indexOf(a.label)),
        )
        const detected = analyses.filter((a) => a.language === language).length / posts.length
        return [
          language,
          {
            val_macro_f1: report.macroF1,
            val_macro_recall: report.macroRecall,
            detected: round3(detected),
            cross_validated: development.languages?.[language]?.crossValidated ?? null,
          },
        ]
      },
    ),
  )
  const stanceCases = Object.fromEntries(
    Object.entries(scoreStanceCases((text) => analyzeText(text, null).label)).map(
      ([kind, { right, posts }]) => [kind, `${right}/${posts}`],
    ),
  )
  const complaints = readDataset(data, 'complaints')
  const decided = classReport(
    ['not_complaint', 'complaint'],
    complaints.map((p) => (p.complaint ? 1 : 0)),
    complaints.map((p) => (analyzeText(p.text, null).isComplaint ? 1 : 0)),
  )
  return {
    cross_validated: {
      semeval: development.semeval?.crossValidated ?? null,
      complaints_f1: development.complaints?.crossValidatedF1 ?? null,
      complaint_folds: development.complaints?.folds ?? null,
    },
    languages,
    /** Our own cases (scripts/analyzer/stance-cases.jsonl) labelled as a reader would. */
    stance_cases: stanceCases,
    complaints_dev_f1_in_sample: decided.f1.complaint,
  }
}

interface CliFigures {
  name: string
  posts_per_s: number
  rss_mb_after_load: number
  load_ms: number
}

/** Each analyzer behind the same JSON Lines loop, a process on one core, over a pipe. */
async function cliFigures(data: string, passes: number, lines: number): Promise<CliFigures[]> {
  const build = spawnSync('node', ['scripts/build-if-stale.mjs'], { cwd: ROOT, stdio: 'inherit' })
  if (build.status !== 0) throw new Error('npm run build failed')
  const texts = readDataset(data, 'train').map((p) => p.text)
  const input = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fb-classify-')), 'in.jsonl')
  fs.writeFileSync(
    input,
    Array.from({ length: lines }, (_, i) =>
      JSON.stringify({ id: i, text: texts[i % texts.length] }),
    )
      .join('\n')
      .concat('\n'),
  )
  const commands: Array<{ name: string; args: string[] }> = [
    // What `npm run -s classify` runs (package.json), without npm's own start-up.
    { name: 'firebreak', args: ['dist/workers/cli/classify.js'] },
    ...peers().map((p) => ({
      name: p.name,
      args: ['--import', 'tsx', 'bench/classify-peer-cli.ts', p.name],
    })),
  ]
  const figures: CliFigures[] = []
  for (const { name, args } of commands) {
    const runs: CliFigures[] = []
    for (let pass = 0; pass < passes; pass++) runs.push(await timeCli(name, args, input, lines))
    figures.push({
      name,
      posts_per_s: Math.round(median(runs.map((r) => r.posts_per_s))),
      rss_mb_after_load: round1(median(runs.map((r) => r.rss_mb_after_load))),
      load_ms: Math.round(median(runs.map((r) => r.load_ms))),
    })
  }
  fs.rmSync(path.dirname(input), { recursive: true, force: true })
  return figures
}

/** One run: time to the first output line (loading), then from it to the last. */
function timeCli(name: string, args: string[], input: string, lines: number) {
  return new Promise<CliFigures>((resolve, reject) => {
    const started = performance.now()
    const child = spawn('taskset', ['-c', '0', process.execPath, ...args], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    let first = 0
    let rss = 0
    let seen = 0
    child.stdout.on('data', (chunk: Buffer) => {
      if (!first) {
        first = performance.now()
        rss = residentMb(child.pid!)
      }
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) seen++
    })
    fs.createReadStream(input).pipe(child.stdin)
    child.on('error', reject)
    child.on('close', (code) => {
      const ended = performance.now()
      if (code !== 0 || seen !== lines) {
        reject(new Error(`${name}: exit ${code}, ${seen} of ${lines} lines`))
        return
      }
      resolve({
        name,
        posts_per_s: (lines - 1) / ((ended - first) / 1000),
        rss_mb_after_load: rss,
        load_ms: first - started,
      })
    })
  })
}

/** A process's resident set, from /proc (Linux). */
function residentMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
  } catch {
    return 0
  }
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const round1 = (n: number) => Math.round(n * 10) / 10
const round2 = (n: number) => Math.round(n * 100) / 100
const round3 = (n: number) => Math.round(n * 1000) / 1000
