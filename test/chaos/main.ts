import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { startCluster, type Cluster } from './cluster.js'
import { FlagError, readFlags, type Flags } from './flags.js'
import { generatePosts } from './generate-posts.js'
import { killAllManaged, ROOT } from './managed-process.js'
import { formatTable, summaryJson } from './report.js'
import { runScenario } from './scenario.js'
import type { ScenarioResult } from './verdict.js'

const log = (message: string) =>
  process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}\n`)

let cluster: Cluster | null = null

/** Whatever still runs goes, at once: children, our redis-server and PostgreSQL. */
function tearDownNow(): void {
  killAllManaged()
  cluster?.killNow()
  cluster = null
}

/** Runs Firebreak's roles against our own PostgreSQL and Redis and applies each fault in turn. */
async function main(): Promise<number> {
  let flags: Flags
  try {
    flags = readFlags(process.argv.slice(2))
  } catch (err) {
    if (!(err instanceof FlagError)) throw err
    process.stderr.write(`chaos: ${err.message}\n`)
    return 2
  }
  if (!fs.existsSync(path.join(ROOT, 'dist/server/main.js'))) {
    process.stderr.write('chaos: no build in dist/: run `npm run build` (npm run chaos does)\n')
    return 2
  }
  // What `prechaos` just built from (a rebuild by someone else mid-run would not show here).
  const build = buildUnderTest()
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const outDir = path.resolve(flags.out ?? path.join('chaos-results', stamp))
  fs.mkdirSync(outDir, { recursive: true })
  log(`results and logs in ${outDir}`)

  const posts = generatePosts(path.join(outDir, 'posts.jsonl'), {
    posts: flags.posts,
    repeat: flags.repeat,
  })
  log(
    `${posts.lines} lines: ${posts.distinct} posts (${posts.repeats} repeated), ` +
      `${posts.authors} authors, ${posts.threads} threads, ${posts.replies} replies`,
  )
  log('starting our own PostgreSQL and redis-server')
  cluster = await startCluster(outDir)
  const results: ScenarioResult[] = []
  try {
    let selfTested = false
    for (const name of flags.scenarios) {
      log(`scenario ${name}`)
      const result = await runScenario(name, {
        cluster,
        flags,
        posts,
        outDir,
        selfTest: !selfTested,
        log,
      })
      selfTested ||= result.checksSelfTest !== null
      results.push(result)
      log(`${name}: ${result.ok ? 'ok' : `NOT OK: ${result.failures.join('; ')}`}`)
    }
  } finally {
    log('stopping PostgreSQL and redis-server')
    await cluster.destroy()
    cluster = null
  }
  const ok = results.every((r) => r.ok)
  const table = formatTable(results)
  fs.writeFileSync(path.join(outDir, 'report.txt'), `${table}\n`)
  fs.writeFileSync(
    path.join(outDir, 'report.json'),
    `${JSON.stringify({ ok, posts: flags.posts, build, generated: posts, flags, scenarios: results }, null, 2)}\n`,
  )
  process.stdout.write(`${table}\n${summaryJson(flags.posts, results, { out: outDir, build })}\n`)
  return ok ? 0 : 1
}

/** Which code the run exercised: the commit, and whether the tree had changes beside it. */
function buildUnderTest(): { commit: string | null; dirty: boolean | null } {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  try {
    return {
      commit: git('rev-parse', '--short', 'HEAD').trim(),
      dirty: git('status', '--porcelain', '--', 'server', 'workers', 'shared').trim() !== '',
    }
  } catch {
    return { commit: null, dirty: null }
  }
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping every process, redis-server and PostgreSQL`)
    tearDownNow()
    process.exit(code)
  })
}
process.on('exit', tearDownNow)

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`failed: ${(err as Error).stack ?? String(err)}`)
    process.exit(1)
  },
)
