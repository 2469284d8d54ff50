import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { z } from 'zod'
import { ConfigError } from '../server/config.js'
import { flagProblems, parseArgv } from '../server/lib/flags.js'
import { startPostgresServer } from '../test/support/postgres-server.js'
import { ENTRY, ROOT, startRedis, startRole, type Started } from './roles.js'
import { syntheticPost } from './support.js'

const Flags = z.object({
  posts: z.coerce.number().int().min(1000).default(20_000),
  /** Worker process counts to measure, comma-separated. */
  workers: z
    .string()
    .default('1,2,4')
    .transform((s) => s.split(',').map(Number))
    .pipe(z.array(z.number().int().min(1).max(16)).min(1)),
})

/**
 * `scale --posts N --workers 1,2,4`: how analysis throughput grows with worker processes on
 * the same queues. For each count, a fresh database on a PostgreSQL and a Redis of the bench's
 * own: `npm run import` stores N posts (their analyze jobs queue up, no worker running), then
 * that many `--role worker` processes from the build drain them. Throughput is counted between
 * 10% and 90% of the posts analysed, so the processes' start-up does not count; beside it, the
 * CPU each worker and PostgreSQL used, and how busy the machine's cores were.
 */
export async function runScaleBench(argv: string[]) {
  const { values } = parseArgv({
    args: argv,
    options: { posts: { type: 'string' }, workers: { type: 'string' } },
  })
  const parsed = Flags.safeParse(values)
  if (!parsed.success) throw new ConfigError(flagProblems(parsed.error))
  const { posts, workers } = parsed.data
  if (!fs.existsSync(ENTRY)) throw new ConfigError('no build to run: run `npm run build` first')

  const postgres = await startPostgresServer()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fb-scale-'))
  process.stderr.write(`scale: logs in ${dir}\n`)
  const file = path.join(dir, 'posts.jsonl')
  fs.writeFileSync(
    file,
    Array.from({ length: posts }, (_, i) => JSON.stringify(syntheticPost(i))).join('\n') + '\n',
  )
  const runs = []
  try {
    for (const count of workers) {
      const redis = await startRedis()
      try {
        const run = await measureWorkers(
          postgres.url,
          postgres.pid()!,
          redis.url,
          file,
          posts,
          count,
          dir,
        )
        process.stderr.write(`${JSON.stringify(run)}\n`)
        runs.push(run)
      } finally {
        await redis.stop()
      }
    }
  } finally {
    await postgres.stop()
  }
  const one = runs.find((r) => r.workers === 1)
  return {
    bench: 'scale',
    posts,
    cores: os.availableParallelism(),
    runs: runs.map((r) => ({
      ...r,
      speedup: one ? Math.round((r.posts_per_s / one.posts_per_s) * 100) / 100 : null,
    })),
  }
}

async function measureWorkers(
  server: string,
  postmaster: number,
  redisUrl: string,
  file: string,
  posts: number,
  count: number,
  dir: string,
) {
  const database = `scale_${count}_${crypto.randomBytes(3).toString('hex')}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DEMO: 'off',
    DATABASE_URL: `${server}/${database}`,
    REDIS_URL: redisUrl,
    SECRETS_KEY: crypto.randomBytes(32).toString('base64'),
    LOG_FORMAT: 'json',
    // info: startRole waits for the "firebreak started" line.
    LOG_LEVEL: 'info',
    DATA_DIR: dir,
    PORT: '0',
    METRICS_PORT: '0',
  }
  const cli = (script: string, args: string[]) => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/server/cli', script), ...args], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
    if (run.status !== 0) throw new Error(`${script} ${args[0]}: exit ${run.status}\n${run.stderr}`)
  }
  cli('brands.js', ['create', '--name', 'Scale', '--terms', 'kredo'])
  cli('import.js', [file, '--brand', 'scale', '--json'])

  const db = new pg.Client({ connectionString: env.DATABASE_URL })
  db.on('error', () => {})
  await db.connect()
  const analysed = async () =>
    Number((await db.query<{ n: string }>('select count(*) as n from analyses')).rows[0]!.n)
  const started: Started[] = []
  const cpuBefore = new Map<number, number>()
  let machineBefore = machineTicks()
  const pgBefore = postgresTicks(postmaster)
  try {
    const starting = Array.from({ length: count }, (_, i) =>
      startRole('worker', env, dir, { profile: false }, `worker-${count}-${i}`),
    )
    started.push(...(await Promise.all(starting)))
    for (const s of started) cpuBefore.set(s.pid, processTicks(s.pid))
    let low = 0
    let high = 0
    machineBefore = machineTicks()
    const deadline = Date.now() + 30 * 60_000
    for (;;) {
      const n = await analysed()
      const now = performance.now()
      if (!low && n >= posts * 0.1) low = now
      if (n >= posts * 0.9 && !high) high = now
      if (n >= posts) break
      if (Date.now() > deadline) throw new Error(`${count} workers: ${n} of ${posts} analysed`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const machine = machineTicks()
    const busy = 1 - (machine.idle - machineBefore.idle) / (machine.total - machineBefore.total)
    const hz = 100
    const workerCpu = started.map((s) => (processTicks(s.pid) - cpuBefore.get(s.pid)!) / hz)
    const pgCpu = (postgresTicks(postmaster) - pgBefore) / hz
    return {
      workers: count,
      posts_per_s: Math.round((posts * 0.8) / ((high - low) / 1000)),
      machine_busy: Math.round(busy * 100) / 100,
      worker_cpu_ms_per_post: Math.round(((sum(workerCpu) * 1000) / posts) * 100) / 100,
      postgres_cpu_ms_per_post: Math.round(((pgCpu * 1000) / posts) * 100) / 100,
    }
  } finally {
    await Promise.all(started.map((s) => s.stop()))
    await db.end()
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

/** A process's user + system CPU, in clock ticks (/proc/<pid>/stat). */
function processTicks(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}

/** Every core's total and idle ticks (/proc/stat). */
function machineTicks() {
  const cpu = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .split(/\s+/)
    .slice(1)
    .map(Number)
  return { total: sum(cpu), idle: cpu[3]! + cpu[4]! }
}

/**
 * CPU ticks of a PostgreSQL: its postmaster's own and its exited children's (cutime, cstime),
 * and its live backends' (every process whose parent it is).
 */
function postgresTicks(postmaster: number): number {
  const stat = (pid: number) =>
    fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  const own = stat(postmaster)
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (Number(stat(Number(pid))[1]) === postmaster) ticks += processTicks(Number(pid))
    } catch {
      // gone meanwhile
    }
  }
  return ticks
}
