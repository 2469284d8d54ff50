/**
 * A simulated clock for playing recorded or generated posts at a chosen speed. It advances
 * only while polls happen, by at most `MAX_STEP_MS` of real time per poll, so a restart after
 * downtime resumes the playback where it paused instead of bursting everything at once.
 */
export interface PlaybackClock {
  /** Simulated time reached, in the playback's own time base (ms). */
  simAt: number
  /** Real time of the last poll (ms since epoch). */
  tickAt: number
}

const MAX_STEP_MS = 5000

export function advanceClock(clock: PlaybackClock, now: number, speed: number): PlaybackClock {
  const step = Math.min(Math.max(0, now - clock.tickAt), MAX_STEP_MS)
  return { simAt: clock.simAt + step * speed, tickAt: now }
}
