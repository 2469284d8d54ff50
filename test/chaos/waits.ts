import type { Queryable } from './checks.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const count = async (q: Queryable, text: string, values: unknown[] = []) =>
  Number((await q.query(text, values)).rows[0]?.n ?? 0)

/**
 * Polls the stored posts every 200 ms until `target` are stored (the moment to inject the
 * fault), the import ends first, or the deadline passes. Returns how many were stored.
 */
export async function waitForStored(
  q: Queryable,
  target: number,
  importEnded: () => boolean,
  deadline: number,
): Promise<number> {
  let stored = 0
  while (Date.now() < deadline) {
    stored = await count(q, 'select count(*) as n from posts').catch(() => stored)
    if (stored >= target || importEnded()) return stored
    await sleep(200)
  }
  return stored
}

export interface Idle {
  /** When the outbox was empty and the console had every event, held for a second poll. */
  idleAt: number | null
  /** When the outbox was first seen empty (held for a second poll), the console aside. */
  serverIdleAt: number | null
  reason: string | null
}

/**
 * Idle: no outbox row pending, and the console has caught up to the brand's event_seq, on two
 * consecutive polls 1 s apart. Gives up at the deadline, or at once when no worker runs (the
 * work can then never finish).
 */
export async function waitForIdle(
  q: Queryable,
  brandId: string,
  consoleSeq: () => number,
  options: { deadline: number; workersAlive: () => boolean },
): Promise<Idle> {
  let candidate: number | null = null
  let serverCandidate: number | null = null
  let serverIdleAt: number | null = null
  for (;;) {
    const at = Date.now()
    const state = await Promise.all([
      count(q, 'select count(*) as n from outbox where done_at is null'),
      count(q, 'select event_seq as n from brands where id = $1', [brandId]),
    ]).catch(() => null)
    const serverIdle = state !== null && state[0] === 0
    if (serverIdle && serverIdleAt === null) {
      if (serverCandidate !== null) serverIdleAt = serverCandidate
      else serverCandidate = at
    } else if (!serverIdle) serverCandidate = null
    if (serverIdle && consoleSeq() >= state![1]) {
      if (candidate !== null)
        return { idleAt: candidate, serverIdleAt: serverIdleAt ?? candidate, reason: null }
      candidate = at
    } else {
      candidate = null
    }
    if (!options.workersAlive())
      return { idleAt: null, serverIdleAt, reason: 'no worker is running' }
    if (Date.now() > options.deadline) {
      return {
        idleAt: null,
        serverIdleAt,
        reason: state
          ? `not idle by the deadline: ${state[0]} outbox rows pending, console at seq ${consoleSeq()} of ${state[1]}`
          : 'not idle by the deadline: the database did not answer',
      }
    }
    await sleep(Math.max(0, 1000 - (Date.now() - at)))
  }
}
