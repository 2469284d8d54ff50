import { sql, type SQL } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import type { Logger } from '../lib/logger.js'
import { createPool, type Db } from './client.js'
import * as schema from './schema.js'

export interface ReadReplica {
  /** The replica while it answers and is at most `maxLagMs` behind, else the primary. */
  current(): Db
  /** What the last probe found, for /metrics and the operations page. */
  status(): { inUse: boolean; lagMs: number | null }
  close(): Promise<void>
}

/** How often the replica is probed: its lag is known to within this. */
export const REPLICA_PROBE_MS = 1000

/**
 * The console's lists read from a PostgreSQL streaming replica (`DATABASE_READ_URL`), which
 * takes their load off the primary. A list may be a moment behind (its `seq` says as of when,
 * and the push catches it up), but never more than `maxLagMs`: past that, or while the replica
 * does not answer, reads go to the primary until it has caught up again. Writes, and a write's
 * own read-back, never come here.
 *
 * Lag is measured without trusting the replica's clock or its idea of being up to date (a
 * standby cut off from its primary believes it has replayed everything): each probe notes the
 * primary's WAL position, and the replica lags by the age of the oldest noted position it has
 * not replayed yet.
 */
export async function openReadReplica(
  url: string,
  primary: Db,
  { maxLagMs, logger }: { maxLagMs: number; logger: Logger },
): Promise<ReadReplica> {
  const log = logger.child({ mod: 'read-replica' })
  const pool = createPool(url, {
    max: 10,
    onConnectionError: (err) => log.debug({ err }, 'replica connection failed'),
  })
  const replica = drizzle(pool, { schema })
  /** The primary's WAL positions, oldest first, with when they were read. */
  const marks: Array<{ lsn: bigint; at: number }> = []
  let inUse = false
  let lagMs: number | null = null

  async function probe() {
    const now = Date.now()
    try {
      const primaryAt = await walPosition(primary, sql`pg_current_wal_lsn()`)
      marks.push({ lsn: primaryAt, at: now })
      // A server that is not a standby (the primary itself, say) has nothing to replay.
      const replayed = await walPosition(
        replica,
        sql`coalesce(pg_last_wal_replay_lsn(), pg_current_wal_lsn())`,
      )
      while (marks.length && marks[0]!.lsn <= replayed) marks.shift()
      lagMs = marks.length ? now - marks[0]!.at : 0
    } catch (err) {
      if (inUse) log.warn({ err }, 'replica does not answer: lists read the primary')
      inUse = false
      lagMs = null
      // Marks older than twice the bound cannot change a decision any more.
      while (marks.length && now - marks[0]!.at > maxLagMs * 2) marks.shift()
      return
    }
    const usable = lagMs <= maxLagMs
    if (usable !== inUse)
      log[usable ? 'info' : 'warn'](
        { lagMs, maxLagMs },
        usable ? 'replica caught up: lists read it' : 'replica lags: lists read the primary',
      )
    inUse = usable
  }

  await probe()
  const timer = setInterval(() => void probe(), REPLICA_PROBE_MS)
  timer.unref()
  return {
    current: () => (inUse ? replica : primary),
    status: () => ({ inUse, lagMs }),
    async close() {
      clearInterval(timer)
      await Promise.race([pool.end(), new Promise((resolve) => setTimeout(resolve, 5000).unref())])
    },
  }
}

/** A WAL position ('16/B374D848') as a number, to compare. */
async function walPosition(db: Db, position: SQL): Promise<bigint> {
  const { rows } = (await db.execute(sql`select ${position}::text as lsn`)) as unknown as {
    rows: Array<{ lsn: string }>
  }
  const [high, low] = rows[0]!.lsn.split('/')
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`)
}
