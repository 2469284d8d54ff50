import { describe, expect, it } from 'vitest'
import {
  addRecentIngest,
  BACKOFF_BASE_MS,
  CIRCUIT_AFTER_FAILURES,
  CIRCUIT_REST_MS,
  nextAttempt,
} from './source-health.js'

const now = 1_800_000_000_000
const mid = () => 0.5 // no jitter

describe('when a failing source is asked again', () => {
  it('doubles the wait per failure in a row, with jitter of at most a fifth', () => {
    expect(nextAttempt({ failures: 1, now, random: mid }).nextPollAt).toBe(now + BACKOFF_BASE_MS)
    expect(nextAttempt({ failures: 3, now, random: mid }).nextPollAt).toBe(
      now + 4 * BACKOFF_BASE_MS,
    )
    const low = nextAttempt({ failures: 2, now, random: () => 0 }).nextPollAt - now
    const high = nextAttempt({ failures: 2, now, random: () => 1 }).nextPollAt - now
    expect([low, high]).toEqual([0.8 * 2 * BACKOFF_BASE_MS, 1.2 * 2 * BACKOFF_BASE_MS])
  })
  it("waits for the network's own reset when it named one", () => {
    const retryAt = now + 90_000
    expect(nextAttempt({ failures: 1, now, retryAt, random: mid })).toEqual({
      nextPollAt: retryAt,
      circuitOpenUntil: null,
    })
  })
  it('opens the circuit after repeated failures, or at once for a refusal', () => {
    const open = { nextPollAt: now + CIRCUIT_REST_MS, circuitOpenUntil: now + CIRCUIT_REST_MS }
    expect(
      nextAttempt({ failures: CIRCUIT_AFTER_FAILURES - 1, now, random: mid }).circuitOpenUntil,
    ).toBeNull()
    expect(nextAttempt({ failures: CIRCUIT_AFTER_FAILURES, now, random: mid })).toEqual(open)
    expect(nextAttempt({ failures: 1, now, permanent: true, random: mid })).toEqual(open)
  })
})

describe('posts per minute over the last hour', () => {
  it('adds to the current minute, starts a new one, and forgets beyond an hour', () => {
    const minute = Math.floor(now / 60_000)
    let recent = addRecentIngest([], now, 3)
    recent = addRecentIngest(recent, now + 1000, 2)
    expect(recent).toEqual([[minute, 5]])
    recent = addRecentIngest(recent, now + 61_000, 1)
    expect(recent).toEqual([
      [minute, 5],
      [minute + 1, 1],
    ])
    expect(addRecentIngest(recent, now + 60 * 60_000, 0)).toEqual([[minute + 1, 1]])
  })
})
