import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { startWorkers, type WorkersHandle } from '../workers/main.js'
import { seedDemo, startReplay } from '../workers/playback.js'
import { openContext } from './bootstrap.js'
import { IN_MEMORY } from './db/client.js'
import { ensureFirstAdmin, setupLink } from './domain/users/users.js'
import { ALL_ROLES, ConfigError, loadConfig, type Config, type Role } from './config.js'
import { createApp } from './http/app.js'
import { createOperationsApp } from './http/operations-app.js'
import { flagProblems, parseArgv } from './lib/flags.js'
import { ensureRedis, RedisUnavailableError } from './lib/local-redis.js'
import { closeRedis, subscriberOf } from './queue/redis.js'
import { createLogger, type Logger } from './lib/logger.js'
import { attachSocketServer } from './realtime/socket-server.js'

// The built console: dist/client beside dist/server, also when the server runs from source.
const CLIENT_DIR = fileURLToPath(
  new URL(import.meta.url.includes('/dist/') ? '../client' : '../dist/client', import.meta.url),
)

const FlagsSchema = z.object({
  role: z
    .string()
    .default('all')
    .transform((v) => (v === 'all' ? ALL_ROLES : v.split(',').map((r) => r.trim())))
    .pipe(z.array(z.enum(['api', 'worker'])).min(1, 'name at least one role')),
  demo: z.boolean().optional(),
  'no-demo': z.boolean().optional(),
  replay: z.string().optional(),
  speed: z.coerce.number().positive().max(10_000).default(1),
  brand: z.string().optional(),
  restart: z.boolean().default(false),
})
type Flags = z.infer<typeof FlagsSchema>

function readFlags(argv: string[]): Flags {
  const { values } = parseArgv({
    args: argv,
    options: {
      role: { type: 'string' },
      demo: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
      replay: { type: 'string' },
      speed: { type: 'string' },
      brand: { type: 'string' },
      restart: { type: 'boolean' },
    },
    strict: true,
  })
  const parsed = FlagsSchema.safeParse(values)
  if (!parsed.success) throw new ConfigError(flagProblems(parsed.error))
  return parsed.data
}

/** The composition root: config, then the roles this process runs (all of them by default). */
async function main(): Promise<void> {
  const flags = readFlags(process.argv.slice(2))
  const config = loadConfig()
  const logger = createLogger(config.logLevel, { format: config.logFormat })
  const roles = new Set<Role>(flags.role)
  const allInOne = roles.size === ALL_ROLES.length
  if (!allInOne && !config.databaseUrl) {
    throw new ConfigError(
      'Split roles need PostgreSQL: the embedded PGlite database is one in-process connection, ' +
        'so --role api and --role worker cannot share it. Set DATABASE_URL=postgres://user@host/firebreak ' +
        '(every process the same), or run `npm start` for all roles in one process.',
    )
  }
  // The demo plays by default in the single-process start only.
  const demo = flags['no-demo'] ? false : (flags.demo ?? (allInOne && config.demo.enabled))

  // The single-process start may start a Redis of its own when none answers; split roles are
  // services, which wait for theirs (logged once) and come up when it does. A cluster is
  // never started here.
  const localRedis =
    allInOne && !config.redis.cluster
      ? await ensureRedis(config.redis.url, { dataDir: config.dataDir, mayStart: true }, logger)
      : null
  const opened = await openContext(config, logger, { waitForDependencies: true })
  const { ctx, adapterRedis } = opened

  const stops: Array<() => Promise<void>> = []
  let workers: WorkersHandle | null = null
  // The first start creates the administrator and prints their setup link, once.
  const setupToken = roles.has('api') ? await ensureFirstAdmin(ctx) : null
  if (roles.has('worker')) {
    // Sources first: starting the workers schedules every source that has not finished.
    if (demo) await seedDemo(ctx, config.demo.speed)
    if (flags.replay) {
      await startReplay(ctx, {
        file: flags.replay,
        speed: flags.speed,
        brandSlug: flags.brand,
        restart: flags.restart,
      })
    }
    workers = await startWorkers(ctx)
  }
  let url: string | null = null
  if (roles.has('api')) {
    const server = http.createServer(createApp(ctx, { clientDir: CLIENT_DIR }))
    const sub = subscriberOf(adapterRedis)
    const io = attachSocketServer(server, ctx, { pub: adapterRedis, sub })
    const port = await listen(server, config.host, config.port)
    // Without PUBLIC_URL, links (invites, setup, webhooks) name the port actually bound:
    // PORT=0 picks a free one.
    if (!config.hasPublicUrl) config.publicUrl = `http://localhost:${port}`
    url = config.publicUrl
    stops.push(async () => {
      await new Promise<void>((resolve) => io.close(() => resolve())) // closes the HTTP server too
      // The adapter's UNSUBSCRIBEs are in flight: QUIT after them rather than cutting them off.
      await closeRedis(sub)
    })
  }
  // Every process answers Prometheus and health checks on a listener of its own, apart from
  // the API's public port: operators scrape it; the public never reaches it.
  const operations = http.createServer(createOperationsApp(ctx))
  const metricsPort = await listen(operations, config.host, config.metricsPort).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE') throw err
      logger.warn(
        { port: config.metricsPort },
        `metrics and health not served: port ${config.metricsPort} is taken; set METRICS_PORT`,
      )
      return null
    },
  )
  if (metricsPort !== null)
    stops.push(() => new Promise((resolve) => operations.close(() => resolve())))
  if (workers) stops.push(() => workers.close())
  stops.push(() => opened.close())
  if (localRedis) stops.push(() => localRedis.stop())

  handleShutdown(logger, config, stops)
  announce(logger, { url, metricsPort, roles: [...roles], driver: ctx.driver, demo })
  if (setupToken && url) handOverSetupLink(config, logger, setupLink(url, setupToken))
}

/**
 * The first administrator's setup link is a credential: it never goes where logs go. A person
 * at a terminal sees it there; otherwise (a service, output piped or collected) it is written
 * to a file only this user can read, and the log says where.
 */
function handOverSetupLink(config: Config, logger: Logger, link: string): void {
  const who = `the administrator's password (${config.adminEmail})`
  if (process.stdout.isTTY) {
    process.stdout.write(
      `\n  First start: set ${who} within 72 hours at\n  ${link}\n  This link is shown once.\n\n`,
    )
    return
  }
  const file = path.join(
    config.dataDir === IN_MEMORY ? os.tmpdir() : config.dataDir,
    'first-admin-setup-link.txt',
  )
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, `Set ${who} within 72 hours at\n${link}\n`, { mode: 0o600 })
  fs.chmodSync(file, 0o600)
  logger.warn(
    { file },
    `first start: the one-time link to set ${who} is in ${file} (readable by this user only); ` +
      `or run: npm run users -- setup-link ${config.adminEmail}`,
  )
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve((server.address() as { port: number }).port))
  })
}

/** SIGTERM/SIGINT: stop taking work, let running jobs finish, close connections, in order. */
function handleShutdown(logger: Logger, config: Config, stops: Array<() => Promise<void>>) {
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting')
      process.exit(1)
    }, config.shutdownTimeoutMs)
    force.unref()
    for (const stop of stops) {
      await stop().catch((err: Error) => logger.warn({ err }, 'error while shutting down'))
    }
    logger.info('stopped')
    process.exit(0)
  }
  // Once stopping, a command cut off by a connection we close is expected, not a crash.
  process.on('unhandledRejection', (reason) => {
    if (stopping) return logger.debug({ err: reason }, 'rejection while shutting down')
    logger.fatal({ err: reason }, 'unhandled rejection; exiting')
    process.exit(1)
  })
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

function announce(
  logger: Logger,
  info: {
    url: string | null
    metricsPort: number | null
    roles: Role[]
    driver: string
    demo: boolean
  },
) {
  logger.info(info, 'firebreak started')
  if (info.url && process.stdout.isTTY) {
    process.stdout.write(`\n  Firebreak is running: open ${info.url}\n`)
    if (info.demo)
      process.stdout.write(
        '  The demo backlash is playing; complaints appear as they are scored.\n\n',
      )
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof RedisUnavailableError) {
    process.stderr.write(`firebreak: ${err.message}\n`)
  } else {
    process.stderr.write(`firebreak: failed to start: ${(err as Error).stack ?? String(err)}\n`)
  }
  process.exit(1)
})
