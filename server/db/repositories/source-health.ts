import { eq, sql } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { sources } from '../schema.js'

/** Polls failing in a row before the circuit opens: the source rests instead of hammering. */
export const CIRCUIT_AFTER_FAILURES = 5
/** How long an open circuit rests the source before one poll probes it again. */
export const CIRCUIT_REST_MS = 15 * 60_000
/** The first retry after a failure; doubling per failure in a row, with jitter. */
export const BACKOFF_BASE_MS = 5_000

/**
 * When a failing source is asked again: the network's own reset when it named one, else an
 * exponential backoff with ±20% jitter (so sources failing together do not retry together);
 * after CIRCUIT_AFTER_FAILURES in a row, or a refusal that asking again cannot mend (a bad
 * token), the circuit opens and the source rests.
 */
export function nextAttempt(input: {
  failures: number
  now: number
  retryAt?: number
  permanent?: boolean
  random?: () => number
}): { nextPollAt: number; circuitOpenUntil: number | null } {
  const jitter = 0.8 + 0.4 * (input.random ?? Math.random)()
  if (input.permanent || input.failures >= CIRCUIT_AFTER_FAILURES) {
    const until = Math.max(input.now + CIRCUIT_REST_MS, input.retryAt ?? 0)
    return { nextPollAt: until, circuitOpenUntil: until }
  }
  const backoff = Math.min(BACKOFF_BASE_MS * 2 ** (input.failures - 1), CIRCUIT_REST_MS) * jitter
  return { nextPollAt: Math.max(input.now + backoff, input.retryAt ?? 0), circuitOpenUntil: null }
}

/** Keeps the last hour of per-minute post counts, adding `inserted` at `now`'s minute. */
export function addRecentIngest(
  recent: Array<[number, number]>,
  now: number,
  inserted: number,
): Array<[number, number]> {
  const minute = Math.floor(now / 60_000)
  const kept = recent.filter(([m]) => m > minute - 60)
  if (!inserted) return kept
  const last = kept.at(-1)
  if (last && last[0] === minute) return [...kept.slice(0, -1), [minute, last[1] + inserted]]
  return [...kept, [minute, inserted]]
}

export async function recordPollSuccess(
  q: Queryable,
  source: { id: string; recentIngest: Array<[number, number]> },
  input: { now: number; inserted: number; nextPollAt: number | null },
): Promise<void> {
  await q
    .update(sources)
    .set({
      lastPolledAt: new Date(input.now),
      lastSuccessAt: new Date(input.now),
      failures: 0,
      circuitOpenUntil: null,
      nextPollAt: input.nextPollAt === null ? null : new Date(input.nextPollAt),
      recentIngest: addRecentIngest(source.recentIngest, input.now, input.inserted),
    })
    .where(eq(sources.id, source.id))
}

export async function recordPollFailure(
  q: Queryable,
  source: { id: string; failures: number },
  input: { now: number; error: string; retryAt?: number; permanent?: boolean },
): Promise<{ nextPollAt: number; circuitOpenUntil: number | null }> {
  const failures = source.failures + 1
  const next = nextAttempt({ ...input, failures })
  await q
    .update(sources)
    .set({
      lastPolledAt: new Date(input.now),
      lastError: input.error.slice(0, 1000),
      lastErrorAt: new Date(input.now),
      failures: sql`${sources.failures} + 1`,
      nextPollAt: new Date(next.nextPollAt),
      circuitOpenUntil: next.circuitOpenUntil === null ? null : new Date(next.circuitOpenUntil),
    })
    .where(eq(sources.id, source.id))
  return next
}

/**
 * A held stream's health: it has no polls to pace, so only what it stored and when. Read and
 * written in one statement (a stream writes every few seconds, beside its own batches).
 */
export async function recordStreamStored(
  q: Queryable,
  sourceId: string,
  input: { now: number; inserted: number },
): Promise<void> {
  const [row] = await q
    .select({ recentIngest: sources.recentIngest })
    .from(sources)
    .where(eq(sources.id, sourceId))
  if (!row) return
  await recordPollSuccess(
    q,
    { id: sourceId, recentIngest: row.recentIngest },
    {
      ...input,
      nextPollAt: null,
    },
  )
}

/** A stream that failed to connect or dropped with an error: said in its health, no pacing. */
export async function recordStreamFailure(
  q: Queryable,
  sourceId: string,
  input: { now: number; error: string },
): Promise<void> {
  await q
    .update(sources)
    .set({
      lastPolledAt: new Date(input.now),
      lastError: input.error.slice(0, 1000),
      lastErrorAt: new Date(input.now),
      failures: sql`${sources.failures} + 1`,
    })
    .where(eq(sources.id, sourceId))
}
