import type { BrandRules } from '../../shared/brand-rules.js'
import type { NormalizedPost } from '../../shared/schemas/posts.js'
import type { ParsedRecord } from '../../server/domain/ingest/post-records.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import type { Connector, DeletedPost, PollResult } from './connector.js'

/**
 * What one frame of a stream means for a brand. Only what the brand cares about is kept: a
 * post that does not match its rules is `skip` (its frame still advances the cursor).
 */
export type StreamEvent =
  /** A matched post, or an item set aside with its reasons (a bad frame). */
  | { type: 'record'; record: ParsedRecord }
  /** The network says this post was deleted; applied only if this source stored it. */
  | { type: 'delete'; deleted: DeletedPost }
  /** An account went away (deactivated, taken down): its posts this source stored are deleted. */
  | { type: 'authorGone'; network: string; authorExternalId: string; status: string | null }
  /** A post edited at the network: its stored text is replaced (if this source stored it). */
  | { type: 'edit'; post: NormalizedPost }
  /** Fresh engagement counts of a stored post. */
  | { type: 'engagement'; engagement: NonNullable<PollResult['engagement']>[number] }
  | { type: 'skip' }

/**
 * A network that pushes (a firehose over WebSocket) rather than being polled. Like Connector,
 * it never writes to the database: the stream runner commits its events with the cursor.
 */
export interface StreamConnector {
  /** Where to connect, resuming from the stored cursor (null when the source is new). */
  subscribeUrl(source: SourceRow, cursor: unknown, now: number): string
  /** Headers of the handshake, from the source's opened credentials (a bearer token). */
  handshakeHeaders?(secrets: Record<string, string>): Record<string, string>
  /** Text frames sent once the socket opens (subscriptions beyond the URL's). */
  openMessages?(source: SourceRow): string[]
  /**
   * For a network that cannot replay a stream from a cursor: a polled reader of the same
   * cursor. After each connect, and before any frame of it is read, it is polled until caught
   * up, so what was said while disconnected is read over REST (frames are held meanwhile).
   */
  catchUp?: Connector
  /**
   * The text of a frame as it came off the socket, for a network that sends some frames encoded
   * (compressed); throws when a frame cannot be decoded. Without it a frame is read as UTF-8.
   */
  decodeFrame?(data: Buffer, isBinary: boolean): string
  /** Reads one text frame: what it means, and the cursor once it (and all before it) is stored. */
  readFrame(
    data: string,
    cursor: unknown,
    rules: BrandRules,
    source: SourceRow,
  ): { event: StreamEvent; cursor: unknown }
}

/** The events a poll's result stands for, to be stored like a stream's. */
export function pollEvents(result: PollResult): StreamEvent[] {
  return [
    ...result.records.map((record): StreamEvent => ({ type: 'record', record })),
    ...(result.edits ?? []).map((post): StreamEvent => ({ type: 'edit', post })),
    ...(result.engagement ?? []).map((engagement): StreamEvent => ({
      type: 'engagement',
      engagement,
    })),
    ...(result.deletes ?? []).map((deleted): StreamEvent => ({ type: 'delete', deleted })),
  ]
}
