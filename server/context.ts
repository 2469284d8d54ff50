import type { RedisClient } from './queue/redis.js'
import type { LoginLimiter } from './auth/login-limiter.js'
import type { SessionStore } from './auth/sessions.js'
import type { Config } from './config.js'
import type { Database, Db } from './db/client.js'
import type { DatabaseIdentity } from './db/repositories/instance.js'
import type { DependencyMonitor } from './lib/dependency-monitor.js'
import type { Logger } from './lib/logger.js'
import type { Metrics } from './lib/metrics.js'
import type { SecretBox } from './lib/secret-box.js'
import type { HostLookup } from './lib/ssrf.js'
import type { Queues } from './queue/queues.js'
import type { Publisher } from './realtime/publisher.js'

/** What domain functions, routes and processors share; built once in the composition root. */
export interface AppContext {
  config: Config
  db: Db
  /**
   * Where the console's lists read: the read replica while it is close enough behind, else
   * `db` (server/db/read-replica.ts). Never for a write or a write's own read-back.
   */
  readDb(): Db
  driver: Database['driver']
  /** Which database this is (its id names Redis state) and where, for messages. */
  database: DatabaseIdentity & { label: string }
  /** What this process knows of PostgreSQL and Redis: every outage is reported and logged here. */
  health: DependencyMonitor
  queues: Queues
  /** The fail-fast producer connection (queues, locks, health). */
  redis: RedisClient
  publisher: Publisher
  metrics: Metrics
  logger: Logger
  /** Seals and opens source credentials; the key never leaves this object. */
  secrets: SecretBox
  sessions: SessionStore
  loginLimiter: LoginLimiter
  /**
   * How the SSRF guard resolves the hosts of user-configured URLs (webhook targets, reply
   * instances): the system resolver when absent; tests script DNS failures through it.
   */
  lookupHost?: HostLookup
}
