import type { Cluster } from './cluster.js'
import type { FaultWindow } from './fault-window.js'
import type { Flags, ImportScenarioName } from './flags.js'
import type { Importer } from './importer.js'
import type { Roles } from './roles.js'

export interface FaultContext {
  cluster: Cluster
  roles: Roles
  importer: Importer
  window: FaultWindow
  /** Resolves when the importer has finished for good (exit 0 or given up). */
  importEnded: Promise<unknown>
  flags: Flags
  deadline: number
}

type Fault = (ctx: FaultContext) => Promise<void>

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Kills a worker every --kill-every-s (alternating), restarting it at once, until 20 s after the import. */
async function killWorkers(ctx: FaultContext): Promise<void> {
  let importEndedAt: number | null = null
  void ctx.importEnded.then(() => (importEndedAt = Date.now()))
  ctx.window.begin(`SIGKILL a worker every ${ctx.flags['kill-every-s']} s, restarted at once`)
  let kills = 0
  let lastRestart = Date.now()
  for (;;) {
    await ctx.roles.killAndRestartWorker(kills % 2)
    lastRestart = Date.now()
    kills++
    await sleep(ctx.flags['kill-every-s'] * 1000)
    if (importEndedAt !== null && Date.now() >= importEndedAt + 20_000) break
    if (Date.now() > ctx.deadline) break
  }
  ctx.window.end(`${kills} kills; last restart`, lastRestart)
}

/** kill -9 of redis-server, down for --redis-down-s, then back with or without its data. */
const redisOutage =
  (persistence: 'aof' | 'none'): Fault =>
  async (ctx) => {
    ctx.window.begin('redis-server SIGKILLed')
    await ctx.cluster.redis.kill()
    await sleep(ctx.flags['redis-down-s'] * 1000)
    await ctx.cluster.redis.start(persistence)
    ctx.window.end(persistence === 'aof' ? 'redis back with its AOF' : 'redis back empty (AOF off)')
  }

async function restartPostgres(ctx: FaultContext): Promise<void> {
  ctx.window.begin('pg_ctl restart -m fast')
  await ctx.cluster.pg.restart()
  ctx.window.end('PostgreSQL back')
}

async function stopPostgres(ctx: FaultContext): Promise<void> {
  ctx.window.begin('pg_ctl stop -m fast')
  await ctx.cluster.pg.stop()
  await sleep(ctx.flags['pg-down-s'] * 1000)
  await ctx.cluster.pg.start()
  ctx.window.end('PostgreSQL started again')
}

async function killPostgres(ctx: FaultContext): Promise<void> {
  ctx.window.begin('postmaster SIGKILLed')
  await ctx.cluster.pg.kill()
  await ctx.cluster.pg.start()
  ctx.window.end('PostgreSQL started again (crash recovery)')
}

/** SIGKILL the import midway; the operator runs it again at once (the import loop does). */
async function killImporter(ctx: FaultContext): Promise<void> {
  const at = Date.now()
  if (!(await ctx.importer.killCurrent())) {
    ctx.window.note('the import had already finished: nothing to kill')
    return
  }
  ctx.window.begin('import SIGKILLed', at)
  ctx.window.end('import run again')
}

/** One function per fault, by scenario name. */
export const FAULTS: Record<ImportScenarioName, Fault> = {
  'worker-kill': killWorkers,
  'redis-aof-on': redisOutage('aof'),
  'redis-aof-off': redisOutage('none'),
  'pg-restart': restartPostgres,
  'pg-stop': stopPostgres,
  'pg-kill': killPostgres,
  'importer-kill': killImporter,
}
