import fs from 'node:fs/promises'
import { z } from 'zod'
import { parseJsonLine, type ParsedRecord } from '../../server/domain/ingest/post-records.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import type { Connector, PollResult } from './connector.js'
import { advanceClock, type PlaybackClock } from './playback-clock.js'

export const ReplayConfigSchema = z.object({
  path: z.string().min(1),
  speed: z.number().positive(),
})
const ReplayCursorSchema = z.object({
  offset: z.number().int().min(0),
  line: z.number().int().min(0),
  clock: z.object({ simAt: z.number(), tickAt: z.number() }).nullable(),
})
type ReplayCursor = z.infer<typeof ReplayCursorSchema>

/** Bytes read per poll; a longer line is set aside as too long. */
const CHUNK_BYTES = 8 * 1024 * 1024
const BATCH = 1000

/**
 * Plays a JSONL file of posts (the import format) at `speed` times the pace of their
 * `postedAt`, keeping their original timestamps. The cursor is a byte offset and line
 * number, so a restarted worker resumes at the next unplayed line.
 */
export const replayConnector = {
  async poll(source: SourceRow, now: number): Promise<PollResult> {
    const { path, speed } = ReplayConfigSchema.parse(source.config)
    const saved = ReplayCursorSchema.safeParse(source.cursor)
    const cursor: ReplayCursor = saved.success ? saved.data : { offset: 0, line: 0, clock: null }
    const { chunk, atEof } = await readChunk(path, cursor.offset)
    let clock: PlaybackClock | null = cursor.clock && advanceClock(cursor.clock, now, speed)
    let { line } = cursor
    let consumed = 0
    const records: ParsedRecord[] = []

    for (const next of completeLines(chunk, atEof)) {
      if (records.length >= BATCH) break
      const record: ParsedRecord | null = next.tooLong
        ? {
            ok: false,
            issues: [{ path: '(line)', message: `longer than ${CHUNK_BYTES} bytes` }],
            raw: next.text.slice(0, 1000),
            line: line + 1,
          }
        : next.text.trim()
          ? parseJsonLine(next.text, line + 1)
          : null
      if (record?.ok) {
        const at = record.post.postedAt.getTime()
        clock ??= { simAt: at, tickAt: now } // playback starts at the first post's time
        if (at > clock.simAt) break // not due yet: this line is read again next poll
      }
      if (record) records.push(record)
      consumed = next.end
      line++
    }
    const offset = cursor.offset + consumed
    return {
      records,
      cursor: { offset, line, clock } satisfies ReplayCursor,
      done: atEof && consumed === chunk.length,
    }
  },
} satisfies Connector

async function readChunk(path: string, offset: number) {
  const file = await fs.open(path, 'r')
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES)
    const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, offset)
    return { chunk: buffer.subarray(0, bytesRead), atEof: bytesRead < CHUNK_BYTES }
  } finally {
    await file.close()
  }
}

/** Lines that end inside the chunk (or at end of file), with the offset just past each. */
function* completeLines(chunk: Buffer, atEof: boolean) {
  let start = 0
  while (start < chunk.length) {
    let newline = chunk.indexOf(0x0a, start)
    if (newline === -1) {
      if (!atEof) {
        // A partial last line waits for the next read, unless it fills the whole chunk.
        if (start === 0)
          yield { text: chunk.toString('utf8', 0, 1000), end: chunk.length, tooLong: true }
        return
      }
      newline = chunk.length
    }
    const text = chunk.toString('utf8', start, newline).replace(/\r$/, '')
    yield { text, end: Math.min(newline + 1, chunk.length), tooLong: false }
    start = newline + 1
  }
}
