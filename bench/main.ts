import { runPipelineBench } from './pipeline.js'

/** `npm run -s bench -- <name> [flags]`: each bench prints one JSON object as its last line. */
const BENCHES: Record<string, (argv: string[]) => Promise<Record<string, unknown>>> = {
  pipeline: runPipelineBench,
}

const [name, ...argv] = process.argv.slice(2)
const bench = name ? BENCHES[name] : undefined
if (!bench) {
  process.stderr.write(`usage: npm run -s bench -- <${Object.keys(BENCHES).join('|')}> [flags]\n`)
  process.exit(2)
}
bench(argv).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`)
    process.exit(0)
  },
  (err: Error) => {
    process.stderr.write(`bench ${name} failed: ${err.stack ?? err.message}\n`)
    process.exit(1)
  },
)
