import { UnrecoverableError } from 'bullmq'
import { eq, inArray, sql } from 'drizzle-orm'
import {
  OUTBOX_PAYLOADS,
  type OutboxKind,
  type OutboxPayload,
} from '../../../shared/schemas/jobs.js'
import type { Tx } from '../client.js'
import { queryRows } from '../rows.js'
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
 * (Not skipping a held row: the dispatcher holds it for a moment too, marking it enqueued,
 * and a job that skipped it then would leave it to the sweeper.)
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
 * Locks more pending analyze rows, oldest first, whose posts fit in `room` together, and that
 * no other transaction holds (SKIP LOCKED: it never waits, so it cannot deadlock), with their
 * payloads; a row with a malformed payload is left to its own job. A job takes them with its
 * own row to do their work in one batch; their own jobs then find them done. Only rows that
 * fit are locked: a row locked and left out would keep its own job waiting for the batch.
 */
export async function claimPendingAnalyzeRows(
  tx: Tx,
  { except, room }: { except: number; room: number },
): Promise<Array<{ id: number; payload: OutboxPayload<'post.analyze'> }>> {
  if (room < 1) return []
  const rows = await queryRows<{ id: number | string; payload: unknown }>(
    tx,
    sql`select o.id, o.payload from outbox o
        where o.id in (
          select id from (
            select id, sum(jsonb_array_length(payload -> 'postIds')) over (order by id) as posts
            from outbox
            where done_at is null and kind = 'post.analyze' and id <> ${except}
              and jsonb_typeof(payload -> 'postIds') = 'array'
            order by id
            limit ${room}
          ) fitting
          where posts <= ${room}
        )
        order by o.id
        for update skip locked`,
  )
  return rows.flatMap(({ id, payload }) => {
    const parsed = OUTBOX_PAYLOADS['post.analyze'].safeParse(payload)
    return parsed.success ? [{ id: Number(id), payload: parsed.data }] : []
  })
}

/** Marks outbox rows' work done, in the transaction that did it. */
export async function markOutboxDone(tx: Tx, ids: number | number[]): Promise<void> {
  await tx
    .update(outbox)
    .set({ doneAt: sql`now()` })
    .where(inArray(outbox.id, typeof ids === 'number' ? [ids] : ids))
}
