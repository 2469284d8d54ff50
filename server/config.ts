import path from 'node:path'
import { z } from 'zod'

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v))

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)

/** Every environment variable Firebreak reads, with the default that makes `npm start` work. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** A streaming replica the console's lists may read (see server/db/read-replica.ts). */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** How far behind the primary the replica may be before lists read the primary instead. */
  READ_REPLICA_MAX_LAG_MS: positiveInt(5000),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  /** A Redis Cluster instead of one server: its seed nodes (see parseClusterNodes). */
  REDIS_CLUSTER_NODES: z
    .string()
    .superRefine((value, ctx) => {
      const parsed = parseClusterNodes(value)
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed })
    })
    .optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** Unset: the demo plays outside production only. DEMO=on plays it in production too. */
  DEMO: flag.optional(),
  DEMO_SPEED: z.coerce.number().positive().max(10_000).default(20),
  SECRETS_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional(),
  ANALYZE_CONCURRENCY: positiveInt(2),
  ANALYZE_BATCH: positiveInt(200),
  OUTBOX_SWEEP_MS: positiveInt(5000),
  /** How often authors' reach is recomputed per network; 0 turns the schedule off. */
  REACH_REFRESH_MS: z.coerce.number().int().min(0).default(600_000),
  JOB_LOCK_MS: positiveInt(30_000),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The former name of METRICS_PORT, still read. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SHUTDOWN_TIMEOUT_MS: positiveInt(15_000),
  TRUST_PROXY: z
    .string()
    .regex(/^(false|loopback|\d{1,2})$/, 'false, loopback, or the number of proxy hops in front')
    .default('false'),
  SESSION_TTL_HOURS: positiveInt(12),
  SESSION_MAX_HOURS: positiveInt(24),
  ADMIN_EMAIL: z.email().default('admin@firebreak.local'),
  SSRF_ALLOWLIST: z.string().default(''),
  /** Reply delivery: how often an idle worker looks for due replies, and its parallel slots. */
  REPLY_POLL_MS: positiveInt(1000),
  REPLY_CONCURRENCY: positiveInt(2),
  /** How long a worker holds a reply it is sending; past it, the worker is presumed dead. */
  REPLY_LEASE_MS: positiveInt(60_000),
  /** First retry delay after a 5xx or a lost answer, doubled per attempt (with jitter). */
  REPLY_RETRY_BASE_MS: positiveInt(5000),
  REPLY_MAX_ATTEMPTS: positiveInt(8),
  /** Alert webhooks: attempts per message, and the first retry delay (doubled per attempt). */
  ALERT_WEBHOOK_ATTEMPTS: positiveInt(8),
  ALERT_WEBHOOK_RETRY_BASE_MS: positiveInt(10_000),
  /** Tests only: a clock that `POST /api/test/clock` moves forward (refused in production). */
  FIREBREAK_TEST_CLOCK: flag.default(false),
})

/** Where Redis is: one server (a URL), or a Redis Cluster found from its seed nodes. */
export type RedisTarget = { url: string; cluster?: undefined } | { cluster: RedisClusterTarget }

export interface RedisClusterTarget {
  /** Seed nodes; the client discovers the other masters (and replicas) from any of them. */
  nodes: Array<{ host: string; port: number }>
  username?: string
  password?: string
  tls: boolean
}

const CLUSTER_NODES_FORMAT =
  'host:port,host:port,... (seed nodes of the cluster), optionally written ' +
  'redis://[user:password@]host:port,host:port or rediss:// for TLS'

/**
 * REDIS_CLUSTER_NODES: `host:port[,host:port...]`, optionally behind `redis://` or `rediss://`
 * (TLS) with `user:password@` for every node: `rediss://:secret@10.0.0.1:6379,10.0.0.2:6379`.
 * Answers the target, or what is wrong with the value.
 */
export function parseClusterNodes(value: string): RedisClusterTarget | string {
  const scheme = /^(rediss?):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?/.exec(value)
  const list = scheme ? value.slice(scheme[0].length) : value
  const nodes: RedisClusterTarget['nodes'] = []
  for (const entry of list.split(',')) {
    const m = /^([A-Za-z0-9._-]+):(\d{1,5})$/.exec(entry.trim())
    const port = Number(m?.[2])
    if (!m || port < 1 || port > 65535)
      return `"${entry}" is not host:port; expected ${CLUSTER_NODES_FORMAT}`
    nodes.push({ host: m[1]!, port })
  }
  return {
    nodes,
    username: scheme?.[2] ? decodeURIComponent(scheme[2]) : undefined,
    password: scheme?.[3] ? decodeURIComponent(scheme[3]) : undefined,
    tls: scheme?.[1] === 'rediss',
  }
}

/**
 * The prefix every Redis key of this install starts with. On a cluster it is a hash tag
 * (`{name}`): BullMQ's scripts, sessions' MULTI and the prefix claim touch several keys at
 * once, which a cluster allows only within one slot, and a hash tag puts them all in one.
 */
export const keyPrefix = (name: string, redis: RedisTarget) => (redis.cluster ? `{${name}}` : name)

export type Role = 'api' | 'worker'
export const ALL_ROLES: Role[] = ['api', 'worker']

export type Config = ReturnType<typeof toConfig>

function toConfig(env: z.infer<typeof EnvSchema>) {
  // `:memory:` keeps nothing on disk: an in-memory PGlite (tests, throwaway runs).
  const dataDir = env.DATA_DIR === ':memory:' ? env.DATA_DIR : path.resolve(env.DATA_DIR)
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`
  const clusterNodes = env.REDIS_CLUSTER_NODES && parseClusterNodes(env.REDIS_CLUSTER_NODES)
  const redis: RedisTarget =
    clusterNodes && typeof clusterNodes !== 'string'
      ? { cluster: clusterNodes }
      : { url: env.REDIS_URL ?? 'redis://127.0.0.1:6379' }
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    /** Where people reach Firebreak. Without PUBLIC_URL, the server sets the port it bound. */
    publicUrl: publicUrl.replace(/\/$/, ''),
    /** Postgres when set; otherwise embedded PGlite under `dataDir`. */
    databaseUrl: env.DATABASE_URL,
    readReplica: env.DATABASE_READ_URL
      ? { url: env.DATABASE_READ_URL, maxLagMs: env.READ_REPLICA_MAX_LAG_MS }
      : null,
    dataDir,
    /** One Redis server (REDIS_URL), or a Redis Cluster (REDIS_CLUSTER_NODES). */
    redis,
    /**
     * Prefix of every Redis key. Unless QUEUE_PREFIX says otherwise it is the database's own
     * (`firebreak-<database tag>`), set once the database is open. On a cluster it is wrapped
     * in braces, a hash tag (see keyPrefix).
     */
    queuePrefix: keyPrefix(env.QUEUE_PREFIX ?? 'firebreak', redis),
    queuePrefixDerived: env.QUEUE_PREFIX === undefined,
    logLevel: env.LOG_LEVEL,
    /** JSON lines, unless a person is watching a terminal. */
    logFormat: env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    /**
     * Whether the demo backlash plays (into the real database): by default everywhere but
     * production, so `npm start` shows it and a deployment never does unless told.
     */
    demo: { enabled: env.DEMO ?? env.NODE_ENV !== 'production', speed: env.DEMO_SPEED },
    secretsKey: env.SECRETS_KEY,
    analyze: { concurrency: env.ANALYZE_CONCURRENCY, batchSize: env.ANALYZE_BATCH },
    outboxSweepMs: env.OUTBOX_SWEEP_MS,
    reachRefreshMs: env.REACH_REFRESH_MS,
    jobLockMs: env.JOB_LOCK_MS,
    /** `/metrics` and `/healthz` of every process, on a listener apart from the public port. */
    metricsPort: env.METRICS_PORT ?? env.WORKER_METRICS_PORT ?? 9466,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    /** express's `trust proxy`: who may set X-Forwarded-For. Nobody unless told. */
    trustProxy: trustProxy(env.TRUST_PROXY),
    sessionTtlSeconds: env.SESSION_TTL_HOURS * 3600,
    /** However often it is used, a session ends this long after sign-in. */
    sessionMaxSeconds: Math.max(env.SESSION_MAX_HOURS, env.SESSION_TTL_HOURS) * 3600,
    /** Secure cookies with the __Host- prefix when people reach Firebreak over https. */
    secureCookies: publicUrl.startsWith('https://'),
    /** Whether PUBLIC_URL was set: without it, any localhost origin on our port is ours. */
    hasPublicUrl: env.PUBLIC_URL !== undefined,
    adminEmail: env.ADMIN_EMAIL,
    /** Hosts (`host` or `host:port`) user-configured URLs may reach despite being private. Tests only. */
    replies: {
      pollMs: env.REPLY_POLL_MS,
      concurrency: env.REPLY_CONCURRENCY,
      leaseMs: env.REPLY_LEASE_MS,
      retryBaseMs: env.REPLY_RETRY_BASE_MS,
      maxAttempts: env.REPLY_MAX_ATTEMPTS,
      /** Each request of an attempt ends well within the lease, so no two workers overlap. */
      requestTimeoutMs: Math.max(500, Math.floor(env.REPLY_LEASE_MS / 4)),
    },
    /** Outgoing alert webhooks: a delivery's attempts, each request's timeout, the backoff. */
    alertWebhooks: {
      attempts: env.ALERT_WEBHOOK_ATTEMPTS,
      retryBaseMs: env.ALERT_WEBHOOK_RETRY_BASE_MS,
      timeoutMs: 10_000,
    },
    /** Time-driven rules read `clockNow` (server/lib/clock.ts), which a test may move forward. */
    testClock: env.FIREBREAK_TEST_CLOCK,
    ssrfAllowlist: env.SSRF_ALLOWLIST.split(',')
      .map((h) => h.trim())
      .filter(Boolean),
  }
}

function trustProxy(value: string): false | 'loopback' | number {
  if (value === 'false') return false
  if (value === 'loopback') return 'loopback'
  return Number(value)
}

export class ConfigError extends Error {}

/** Parses the environment once; fails listing every bad variable, not just the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')),
  )
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
  // A clock anyone with an admin session can move would let SLA and promise alarms be forged.
  if (parsed.success && parsed.data.FIREBREAK_TEST_CLOCK && parsed.data.NODE_ENV === 'production')
    issues.push({
      path: 'FIREBREAK_TEST_CLOCK',
      message: 'the test clock is for tests; it is refused when NODE_ENV=production',
    })
  if (parsed.success && parsed.data.DATABASE_READ_URL && !parsed.data.DATABASE_URL)
    issues.push({
      path: 'DATABASE_READ_URL',
      message: 'a read replica follows a PostgreSQL primary: set DATABASE_URL too',
    })
  if (parsed.success && parsed.data.REDIS_CLUSTER_NODES && parsed.data.REDIS_URL)
    issues.push({
      path: 'REDIS_CLUSTER_NODES',
      message:
        'set REDIS_URL (one Redis server) or REDIS_CLUSTER_NODES (a Redis Cluster), not both; ' +
        "a cluster's password goes in REDIS_CLUSTER_NODES: redis://:password@host:port,host:port",
    })
  if (!parsed.success || issues.length) {
    const lines = issues.map((i) => `  ${i.path}: ${i.message}`)
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`)
  }
  return toConfig(parsed.data)
}
