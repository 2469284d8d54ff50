import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { openContext, type OpenedContext } from '../../server/bootstrap.js'
import { loadConfig } from '../../server/config.js'
import { createLogger } from '../../server/lib/logger.js'
import { FaultWindow } from './fault-window.js'
import { HealthProbe } from './health-probe.js'
import type { ManagedProcess } from './managed-process.js'
import { checkReplies } from './reply-checks.js'
import {
  addReplyAccounts,
  ingestComplaints,
  makeAgent,
  queueReplies,
  startFakes,
  type Fakes,
} from './reply-networks.js'
import { firebreakEnv, startRoles, waitForStartLine, type Roles } from './roles.js'
import { finishScenario } from './finish-scenario.js'
import type { ScenarioSetup } from './scenario.js'
import { emptyResult, type ScenarioResult } from './verdict.js'

/**
 * What the operator of this run sets: delivery reaches the loopback fakes, a worker's lease on
 * a reply is short (so a dead worker's replies are taken over within seconds, not a minute),
 * and each worker delivers in 8 slots, so a kill catches several replies mid-attempt.
 */
const DELIVERY_ENV = {
  SSRF_ALLOWLIST: '127.0.0.1',
  REPLY_POLL_MS: '100',
  REPLY_LEASE_MS: '4000',
  REPLY_RETRY_BASE_MS: '200',
  REPLY_CONCURRENCY: '8',
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const round = (n: number) => Math.round(n * 10) / 10

/**
 * Reply delivery under worker crashes: --replies complaints spread over fake Bluesky,
 * Mastodon, X and Reddit servers (which answer each post after a pause, and now and then
 * with a 500 or a dropped connection after publishing), one reply queued on each, while a
 * worker is SIGKILLed every --reply-kill-every-s (alternating, restarted at once) until every
 * reply has settled. Then each reply must be exactly once on its network and `sent` with that
 * post's URL, and no network may hold a post that answers no reply.
 */
export async function runReplyScenario(setup: ScenarioSetup): Promise<ScenarioResult> {
  const name = 'reply-delivery'
  const startedAt = Date.now()
  const { cluster, flags } = setup
  let dir = path.join(setup.outDir, name)
  for (let n = 2; fs.existsSync(dir); n++) dir = path.join(setup.outDir, `${name}.${n}`)
  fs.mkdirSync(dir, { recursive: true })
  const log = (message: string) => setup.log(`${name}: ${message}`)
  const window = new FaultWindow()
  const result = emptyResult(name, flags.replies)
  const deadline = Date.now() + flags['drain-timeout-s'] * 1000
  let pool: pg.Pool | null = null
  let roles: Roles | null = null
  let probe: HealthProbe | null = null
  let fakes: Fakes | null = null
  let opened: OpenedContext | null = null
  let settled = false
  let killing: Promise<number> = Promise.resolve(0)
  try {
    await cluster.redis.reset()
    const databaseUrl = await cluster.createDatabase(name)
    result.database = new URL(databaseUrl).pathname.slice(1)
    pool = new pg.Pool({ connectionString: databaseUrl, max: 4 })
    pool.on('connect', (client) => client.on('error', () => {}))
    pool.on('error', () => {})
    fakes = await startFakes()
    roles = await startRoles(cluster, databaseUrl, dir, DELIVERY_ENV)
    const started = roles
    probe = new HealthProbe([
      { name: 'api', url: `${started.apiUrl}/healthz` },
      ...started.workers.map((w) => ({
        name: w.name,
        url: `http://127.0.0.1:${w.metricsPort}/healthz`,
      })),
    ])

    // The harness queues replies as the API would, through the product's own domain code.
    const env = { ...firebreakEnv(cluster, databaseUrl), ...DELIVERY_ENV, LOG_LEVEL: 'warn' }
    opened = await openContext(
      loadConfig(env),
      createLogger('warn', { destination: process.stderr }),
    )
    const ctx = opened.ctx
    const { brandId } = cluster.tenant
    const agentId = await makeAgent(ctx)
    await addReplyAccounts(ctx, brandId, fakes, agentId)
    await ingestComplaints(ctx, brandId, flags.replies)
    const complaints = await waitForCount(
      pool,
      'select count(*) as n from complaints where brand_id = $1',
      [brandId],
      flags.replies,
      deadline,
    )
    if (complaints < flags.replies)
      throw new Error(`only ${complaints} of ${flags.replies} complaints analysed in time`)
    log(`${complaints} complaints analysed: queuing a reply on each, killing workers meanwhile`)

    killing = killWhileDelivering(
      started,
      window,
      flags['reply-kill-every-s'] * 1000,
      () => settled || Date.now() > deadline,
    )
    const ids = await queueReplies(ctx, pool, brandId, agentId)
    const queuedAt = Date.now()
    log(`${ids.length} replies queued in ${round((queuedAt - window.startedAt!) / 1000)} s`)
    const done = await waitForCount(
      pool,
      `select count(*) as n from replies where brand_id = $1 and state in ('sent', 'failed', 'unknown')`,
      [brandId],
      ids.length,
      deadline,
    )
    settled = true
    const settledAt = Date.now()
    const kills = await killing
    result.faultInjected = kills > 0
    result.faultS =
      window.startedAt && window.endedAt ? (window.endedAt - window.startedAt) / 1000 : null
    if (done === ids.length) {
      result.drainS = round((settledAt - queuedAt) / 1000)
      result.serverDrainS = result.drainS
      log(`every reply settled ${result.drainS} s after the last was queued; ${kills} kills`)
    } else
      result.details.idleReason = `${ids.length - done} replies still unsettled at the deadline`

    // A worker restarted by the last kill answers its health check once it has started.
    await Promise.all(started.workers.map((w) => waitForStartLine(w.current, 60_000)))
    const health = await probe.summarize(window.startedAt, window.endedAt)
    result.unhealthySeen = health.unhealthySeen
    result.healthAtEnd = health.atEnd
    const dead = started.all().filter((p) => p.exit && !p.exit.expected)
    result.dead = dead.length
    result.details.deadProcesses = dead.map(
      (p) => `${p.name} (${p.exit!.signal ?? `exit ${p.exit!.code}`})`,
    )
    result.notRunning = [started.api, ...started.workers.map((w) => w.current)].filter(
      (p) => !p.isRunning(),
    ).length
    result.replies = await checkReplies(pool, brandId, fakes)
    result.details.mismatchSamples = result.replies.samples
    log(
      `networks saw ${JSON.stringify(result.replies.networkAttempts)} post attempts, published ` +
        `${JSON.stringify(result.replies.publishedPerNetwork)}, answers lost after publishing: ` +
        `dropped ${JSON.stringify(result.replies.answersDropped)}, to kills ` +
        `${JSON.stringify(result.replies.answersLostToKills)}; ${result.replies.multiAttempt} replies ` +
        `took more than one attempt`,
    )
  } catch (err) {
    result.error = (err as Error).message
    log(`failed: ${(err as Error).stack ?? String(err)}`)
  } finally {
    settled = true
    await killing.catch(() => 0)
    await probe?.stop()
    await roles?.stop()
    await opened?.close().catch(() => {})
    await Promise.all(Object.values(fakes ?? {}).map((f) => f.close().catch(() => {})))
    await pool?.end().catch(() => {})
  }
  return finishScenario(result, { window, dir, startedAt })
}

/**
 * SIGKILLs workers until `stop` says so, each restarted at once: the kill count. Only a worker
 * that has started and delivered for `everyMs` is killed (the one up longest), and only while
 * the other is up, so a slow start is not killed before it did anything and delivery goes on.
 */
async function killWhileDelivering(
  roles: Roles,
  window: FaultWindow,
  everyMs: number,
  stop: () => boolean,
): Promise<number> {
  window.begin(`SIGKILL a worker ${everyMs / 1000} s after it started, restarted at once`)
  let kills = 0
  let lastRestart = Date.now()
  const upSince = new Map<ManagedProcess, number>()
  while (!stop()) {
    await sleep(200)
    const now = Date.now()
    for (const slot of roles.workers)
      if (!upSince.has(slot.current) && hasStarted(slot.current)) upSince.set(slot.current, now)
    const due = roles.workers
      .map((slot, index) => ({ index, since: upSince.get(slot.current) }))
      .filter((w): w is { index: number; since: number } => w.since !== undefined)
      .filter((w) => now - w.since >= everyMs)
      .sort((a, b) => a.since - b.since)[0]
    // One at a time: while a restarted worker is still starting, the other one delivers.
    const allUp = roles.workers.every((slot) => upSince.has(slot.current))
    if (!due || !allUp || stop()) continue
    await roles.killAndRestartWorker(due.index)
    lastRestart = Date.now()
    kills++
  }
  window.end(`${kills} kills; last restart`, lastRestart)
  return kills
}

/** Whether the process logged its `firebreak started` line. */
function hasStarted(proc: ManagedProcess): boolean {
  if (!fs.existsSync(proc.stdoutFile)) return false
  return fs.readFileSync(proc.stdoutFile, 'utf8').includes('"msg":"firebreak started"')
}

/** Polls a count every 200 ms until it reaches `target` or the deadline passes: the last count. */
async function waitForCount(
  pool: pg.Pool,
  text: string,
  values: unknown[],
  target: number,
  deadline: number,
): Promise<number> {
  let n = 0
  while (Date.now() < deadline) {
    n = Number((await pool.query(text, values)).rows[0]?.n ?? n)
    if (n >= target) return n
    await sleep(200)
  }
  return n
}
