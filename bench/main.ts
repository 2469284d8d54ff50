import { runClassifyBench } from './classify.js'
import { runInboxBench } from './inbox.js'
import { runInboxListBench } from './inbox-list.js'
import { runJetstreamBench } from './jetstream.js'
import { runPipelineBench } from './pipeline.js'
import { runQueueBench, runRescoreBench } from './ranking.js'
import { runScaleBench } from './scale.js'
import { runSoakBench } from './soak.js'
import { runThemesBench } from './themes.js'
import { runTrendsBench } from './trends.js'
import { ConfigError } from '../server/config.js'

/** `npm run -s bench -- <name> [flags]`: each bench prints one JSON object as its last line. */
const BENCHES: Record<string, (argv: string[]) => Promise<Record<string, unknown>>> = {
  pipeline: runPipelineBench,
  classify: runClassifyBench,
  rescore: runRescoreBench,
  queue: runQueueBench,
  inbox: runInboxBench,
  'inbox-list': runInboxListBench,
  themes: runThemesBench,
  trends: runTrendsBench,
  jetstream: runJetstreamBench,
  soak: runSoakBench,
  scale: runScaleBench,
}

const USAGE = `usage: npm run -s bench -- pipeline [--posts N] [--rate R] [--batch B] [--clients C] [--compare]
       npm run -s bench -- classify [--data DIR] [--passes N]
       npm run -s bench -- rescore [--complaints N]
       npm run -s bench -- queue [--complaints N] [--pages P] [--rate R] [--limit L]
       npm run -s bench -- inbox [--complaints N] [--pages P] [--rate R] [--limit L]
       npm run -s bench -- inbox-list [--complaints N]   (after npm run build)
       npm run -s bench -- themes [--seed N | --seeds A,B,C]
       npm run -s bench -- trends [--posts N] [--days D] [--samples S] [--pipeline P] [--keep | --database fb_bench_trends_…] [--reads-only]
       npm run -s bench -- jetstream [--events-per-s N] [--match F] [--seconds S]
       npm run -s bench -- soak [--minutes M] [--rate R] [--warmup W] [--malformed SHARE] [--profile] [--heap-snapshots]   (after npm run build)
       npm run -s bench -- scale [--posts N] [--workers 1,2,4]   (after npm run build)\n`
const [name, ...argv] = process.argv.slice(2)
const bench = name ? BENCHES[name] : undefined
if (!bench) {
  process.stderr.write(USAGE)
  process.exit(2)
}
bench(argv).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`)
    process.exit(0)
  },
  (err: Error) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`bench ${name}: ${err.message}\n${USAGE}`)
      process.exit(2)
    }
    process.stderr.write(`bench ${name} failed: ${err.stack ?? err.message}\n`)
    process.exit(1)
  },
)
