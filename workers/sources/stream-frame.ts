import type { BrandRules } from '../../shared/brand-rules.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import type { StreamConnector, StreamEvent } from './stream-connector.js'

/** How much of a frame that cannot be decoded is kept with its rejection (base64 grows it by 4/3). */
const RAW_BYTES = 3072

/**
 * One frame off the socket through its connector: decoded (decompressed) to text, then read. A
 * frame that cannot be decoded is set aside with the reason and its first bytes in base64, and
 * leaves the cursor where it was (nothing in it can be read); the frames after it flow on.
 */
export function readStreamFrame(
  connector: StreamConnector,
  data: Buffer,
  isBinary: boolean,
  cursor: unknown,
  rules: BrandRules,
  source: SourceRow,
): { event: StreamEvent; cursor: unknown } {
  let text: string
  try {
    text = connector.decodeFrame ? connector.decodeFrame(data, isBinary) : data.toString()
  } catch (err) {
    const raw = `base64:${data.subarray(0, RAW_BYTES).toString('base64')}`
    const issues = [{ path: '(frame)', message: (err as Error).message }]
    return { event: { type: 'record', record: { ok: false, issues, raw } }, cursor }
  }
  return connector.readFrame(text, cursor, rules, source)
}
