import { z } from 'zod'
import { toPostRecord } from '../../server/domain/ingest/post-records.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import type { Connector, PollResult } from './connector.js'
import { generateDemoScenario, type DemoItem } from './demo/scenario.js'
import { advanceClock } from './playback-clock.js'

export const DemoConfigSchema = z.object({ seed: z.number().int(), speed: z.number().positive() })
const DemoCursorSchema = z.object({
  position: z.number().int().min(0),
  simAt: z.number(),
  tickAt: z.number(),
})

/** Most posts one poll hands to ingest. */
const BATCH = 500

const scenarios = new Map<number, DemoItem[]>()
const scenarioFor = (seed: number) => {
  if (!scenarios.has(seed)) scenarios.set(seed, generateDemoScenario(seed))
  return scenarios.get(seed)!
}

/**
 * Plays the generated backlash at `speed` times real time. Posts are stamped with the wall
 * clock at which they are played, so the console shows a backlash happening now.
 */
export const demoConnector = {
  async poll(source: SourceRow, now: number): Promise<PollResult> {
    const { seed, speed } = DemoConfigSchema.parse(source.config)
    const items = scenarioFor(seed)
    const previous = DemoCursorSchema.safeParse(source.cursor)
    const start = previous.success ? previous.data : { position: 0, simAt: 0, tickAt: now }
    const clock = advanceClock(start, now, speed)
    let position = start.position
    const records = []
    while (
      position < items.length &&
      records.length < BATCH &&
      items[position]!.offsetMs <= clock.simAt
    ) {
      const item = items[position]!
      const postedAt = new Date(now - (clock.simAt - item.offsetMs) / speed)
      const value = { ...item.post, postedAt }
      records.push(toPostRecord(value, JSON.stringify(value)))
      position++
    }
    return { records, cursor: { position, ...clock }, done: position >= items.length }
  },
} satisfies Connector
