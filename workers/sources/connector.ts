import type { ParsedRecord } from '../../server/domain/ingest/post-records.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'

/** What one poll of a source produced: validated records, the next cursor, and whether it ended. */
export interface PollResult {
  records: ParsedRecord[]
  cursor: unknown
  /** A finite source (a replay, the demo) has delivered everything. */
  done: boolean
}

/** A source connector: reads the next batch at the source's cursor. No database writes. */
export interface Connector {
  poll(source: SourceRow, now: number): Promise<PollResult>
}
