import { sql } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import type { ThreadKey } from '../../db/repositories/complaint-leads.js'
import { unnest } from '../../db/unnest.js'

/** Namespace of thread locks among advisory locks (two-key form, apart from single-key ones). */
const THREAD_LOCK = 0x54687264 // 'Thrd'

/**
 * Takes the transaction's lock on each thread, in one order (by the lock's key), before any of
 * its complaint rows are read or written. Two transactions that touch threads in common then
 * queue behind each other instead of deadlocking, and the second reads the first's committed
 * complaint: a reply analysed while its thread's first complaint is still uncommitted waits
 * for it, rather than finding no complaint to count itself in. A lock is a thread whether or
 * not its complaint exists yet, which row locks cannot be. Held until commit.
 */
export async function lockThreads(tx: Tx, threads: ThreadKey[]): Promise<void> {
  if (!threads.length) return
  // OFFSET 0 keeps the sorted subquery apart, so the locks are taken in its order.
  await tx.execute(
    sql`select pg_advisory_xact_lock(${THREAD_LOCK}, k) from (
          select distinct hashtext(b::text || chr(31) || s || chr(31) || t) as k
          from ${unnest([
            [threads.map((t) => t.brandId), 'uuid'],
            [threads.map((t) => t.network), 'text'],
            [threads.map((t) => t.threadKey), 'text'],
          ])} as u(b, s, t)
          order by k offset 0) ordered`,
  )
}
