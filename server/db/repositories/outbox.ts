import { UnrecoverableError } from 'bullmq'
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm'
import {
  OUTBOX_PAYLOADS,
  type OutboxKind,
  type OutboxPayload,
} from '../../../shared/schemas/jobs.js'
import type { Tx } from '../client.js'
import { outbox } from '../schema.js'

/** Adds outbox rows of one kind (committed with the change that asks for them); returns their ids. */
export async function addOutboxRows<K extends OutboxKind>(
  tx: Tx,
  kind: K,
  payloads: OutboxPayload<K>[],
): Promise<number[]> {
  if (!payloads.length) return []
  const rows = await tx
    .insert(outbox)
    .values(payloads.map((payload) => ({ kind, payload: OUTBOX_PAYLOADS[kind].parse(payload) })))
    .returning({ id: outbox.id })
  return rows.map((r) => r.id)
}

/**
 * Locks an outbox row for its job and reads its payload; null when its work is already done.
 * Locking it first makes a redelivered job (a stalled worker, a swept row) wait for the run
 * that holds it and then find it done, so effects happen once however often the job runs.
 */
export async function claimOutboxRow<K extends OutboxKind>(
  tx: Tx,
  id: number,
  kind: K,
): Promise<OutboxPayload<K> | null> {
  const [row] = await tx
    .select({ kind: outbox.kind, payload: outbox.payload, doneAt: outbox.doneAt })
    .from(outbox)
    .where(eq(outbox.id, id))
    .for('update')
  if (!row) throw new UnrecoverableError(`outbox row ${id} does not exist`)
  if (row.kind !== kind)
    throw new UnrecoverableError(`outbox row ${id} is a ${row.kind} row, not ${kind}`)
  if (row.doneAt) return null
  const payload = OUTBOX_PAYLOADS[kind].safeParse(row.payload)
  if (!payload.success)
    throw new UnrecoverableError(`outbox row ${id} has a malformed ${kind} payload`)
  return payload.data as OutboxPayload<K>
}

/**
 * Locks up to `limit` more pending rows of `kind`, oldest first, that no other transaction
 * holds (SKIP LOCKED: it never waits, so it cannot deadlock), with their payloads; a row with a
 * malformed payload is left to its own job. A job takes them with its own row to do their work
 * in one batch; their own jobs then find them done.
 */
export async function claimPendingOutboxRows<K extends OutboxKind>(
  tx: Tx,
  kind: K,
  { except, limit }: { except: number; limit: number },
): Promise<Array<{ id: number; payload: OutboxPayload<K> }>> {
  if (limit < 1) return []
  const rows = await tx
    .select({ id: outbox.id, payload: outbox.payload })
    .from(outbox)
    .where(and(isNull(outbox.doneAt), eq(outbox.kind, kind), ne(outbox.id, except)))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true })
  return rows.flatMap(({ id, payload }) => {
    const parsed = OUTBOX_PAYLOADS[kind].safeParse(payload)
    return parsed.success ? [{ id, payload: parsed.data as OutboxPayload<K> }] : []
  })
}

/** Marks outbox rows' work done, in the transaction that did it. */
export async function markOutboxDone(tx: Tx, ids: number | number[]): Promise<void> {
  await tx
    .update(outbox)
    .set({ doneAt: sql`now()` })
    .where(inArray(outbox.id, typeof ids === 'number' ? [ids] : ids))
}
