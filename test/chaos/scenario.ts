import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { checkDatabase, compareClient } from './checks.js'
import { selfTestChecks } from './checks-self-test.js'
import type { Cluster } from './cluster.js'
import { ConsoleRecorder } from './console-recorder.js'
import { FaultWindow } from './fault-window.js'
import { FAULTS } from './faults.js'
import type { Flags, ScenarioName } from './flags.js'
import type { GeneratedPosts } from './generate-posts.js'
import { HealthProbe } from './health-probe.js'
import { Importer, importUntilDone, type ImportOutcome } from './importer.js'
import { finishScenario } from './finish-scenario.js'
import { runReplyScenario } from './reply-scenario.js'
import { firebreakEnv, startRoles, type Roles } from './roles.js'
import { emptyResult, requiresUnhealthy, type ScenarioResult } from './verdict.js'
import { waitForIdle, waitForStored } from './waits.js'

export interface ScenarioSetup {
  cluster: Cluster
  flags: Flags
  posts: GeneratedPosts
  outDir: string
  /** Run the checks' self-test on this scenario's data. */
  selfTest: boolean
  log(message: string): void
}

/** Where in the import the fault strikes. */
const FAULT_AT_SHARE = 0.3

/**
 * One scenario on a fresh database, a flushed Redis and fresh processes: import with the
 * console watching, inject the fault at ~30% stored, wait for idle, then check everything.
 * Every wait has a deadline, and a scenario that breaks still ends with its figures.
 */
export async function runScenario(
  name: ScenarioName,
  setup: ScenarioSetup,
): Promise<ScenarioResult> {
  // Not an import with a fault: replies delivered while workers die.
  if (name === 'reply-delivery') return runReplyScenario(setup)
  const startedAt = Date.now()
  const { cluster, flags, posts } = setup
  // A scenario named twice (--scenarios pg-kill,pg-kill) gets a folder per run.
  let dir = path.join(setup.outDir, name)
  for (let n = 2; fs.existsSync(dir); n++) dir = path.join(setup.outDir, `${name}.${n}`)
  fs.mkdirSync(dir, { recursive: true })
  const log = (message: string) => setup.log(`${name}: ${message}`)
  const window = new FaultWindow()
  const result = emptyResult(name, posts.distinct)
  let pool: pg.Pool | null = null
  let roles: Roles | null = null
  let recorder: ConsoleRecorder | null = null
  let probe: HealthProbe | null = null
  let importer: Importer | null = null
  try {
    await cluster.redis.reset()
    const databaseUrl = await cluster.createDatabase(name)
    result.database = new URL(databaseUrl).pathname.slice(1)
    pool = new pg.Pool({ connectionString: databaseUrl, max: 4 })
    // Our own connections die in the PG faults too: an unheard 'error' would end the suite.
    pool.on('connect', (client) => client.on('error', () => {}))
    pool.on('error', () => {})

    roles = await startRoles(cluster, databaseUrl, dir)
    log(
      `API at ${roles.apiUrl}, workers on metrics ports ${roles.workers.map((w) => w.metricsPort).join(', ')}`,
    )
    const started = roles
    probe = new HealthProbe([
      { name: 'api', url: `${started.apiUrl}/healthz` },
      ...started.workers.map((w) => ({
        name: w.name,
        url: `http://127.0.0.1:${w.metricsPort}/healthz`,
      })),
    ])
    recorder = new ConsoleRecorder(started.apiUrl, cluster.tenant, log)
    await recorder.start(30_000)

    const faultBudget = (flags['redis-down-s'] + flags['pg-down-s'] + 120) * 1000
    const deadline = Date.now() + flags['drain-timeout-s'] * 1000 + faultBudget
    importer = new Importer({
      file: posts.file,
      brandSlug: cluster.tenant.brandSlug,
      env: firebreakEnv(cluster, databaseUrl),
      dir,
    })
    let importEnded = false
    const importing = importUntilDone(importer, window, {
      lines: posts.lines,
      deadline,
      log,
    }).finally(() => (importEnded = true))
    const stored = await waitForStored(
      pool,
      Math.ceil(posts.distinct * FAULT_AT_SHARE),
      () => importEnded,
      deadline,
    )
    window.storedAtStart = stored
    result.storedAtFault = stored
    log(`${stored} of ${posts.distinct} posts stored: injecting the fault`)
    const faulting = FAULTS[name]({
      cluster,
      roles: started,
      importer,
      window,
      importEnded: importing,
      flags,
      deadline,
    }).then(
      () => log(`fault over: ${window.notes.join('; ')}`),
      (err: Error) => {
        // The fault itself failed (a server would not come back): end the window so nothing waits on it.
        if (!window.endedAt) window.end(`fault failed: ${err.message}`)
        throw err
      },
    )
    const [imported] = (await Promise.all([importing, faulting])) as [ImportOutcome, void]
    result.faultInjected = window.startedAt !== null
    result.faultS =
      window.endedAt && window.startedAt ? (window.endedAt - window.startedAt) / 1000 : null
    result.importRuns = imported.runs.length
    result.importOk = imported.ok
    result.cleanCli = imported.cleanCli
    result.details.importRuns = imported.runs
    result.details.importReason = imported.reason
    log('import and fault over: waiting for idle')

    const idle = await waitForIdle(pool, cluster.tenant.brandId, () => recorder!.lastSeq, {
      deadline: Date.now() + flags['drain-timeout-s'] * 1000,
      workersAlive: () => started.workers.some((w) => w.current.isRunning()),
    })
    const from = window.endedAt ?? imported.finishedAt
    result.drainS = idle.idleAt === null ? null : round((idle.idleAt - from) / 1000)
    result.serverDrainS =
      idle.serverIdleAt === null ? null : round((idle.serverIdleAt - from) / 1000)
    result.afterImportS =
      idle.idleAt === null ? null : round((idle.idleAt - imported.finishedAt) / 1000)
    result.details.idleReason = idle.reason
    log(idle.idleAt ? `idle after ${result.drainS} s` : `not idle: ${idle.reason}`)
    // Not idle: give the console one last bounded chance, so client≠server means what it says.
    if (idle.idleAt === null) await Promise.race([recorder.catchUp('final'), sleep(15_000)])

    const health = await probe.summarize(window.startedAt, window.endedAt)
    result.unhealthySeen = health.unhealthySeen
    result.unhealthyRequired = requiresUnhealthy(name, result.faultS)
    result.healthAtEnd = health.atEnd
    const dead = started.all().filter((p) => p.exit && !p.exit.expected)
    result.dead = dead.length
    result.details.deadProcesses = dead.map(
      (p) => `${p.name} (${p.exit!.signal ?? `exit ${p.exit!.code}`})`,
    )
    result.notRunning = [started.api, ...started.workers.map((w) => w.current)].filter(
      (p) => !p.isRunning(),
    ).length

    const checks = {
      ...(await checkDatabase(pool, cluster.tenant.brandId, posts.distinct)),
      ...(await compareClient(pool, cluster.tenant.brandId, recorder.views)),
    }
    result.checks = { ...checks, mismatchSamples: [] }
    result.details.mismatchSamples = checks.mismatchSamples
    result.console = recorder.summary()
    if (setup.selfTest) {
      result.checksSelfTest = await selfTestChecks(
        pool,
        cluster.tenant.brandId,
        posts.distinct,
        recorder.views,
      )
    }
  } catch (err) {
    result.error = (err as Error).message
    log(`failed: ${(err as Error).stack ?? String(err)}`)
  } finally {
    recorder?.stop()
    await probe?.stop()
    await importer?.close()
    await roles?.stop()
    await pool?.end().catch(() => {})
  }
  return finishScenario(result, { window, dir, startedAt })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const round = (n: number) => Math.round(n * 10) / 10
