import crypto from 'node:crypto'
import { describeIssues, type Issue } from '../../../shared/errors.js'
import type { IngestChannel } from '../../../shared/schemas/posts.js'
import { normalizeText } from '../../../shared/text.js'
import type { Queryable } from '../../db/client.js'
import { rejectedPayloads } from '../../db/schema.js'

/** Longest payload kept verbatim; the rest is cut (the reason and hash still identify it). */
const MAX_KEPT_PAYLOAD = 1_200_000

export interface Rejection {
  brandId?: string | null
  sourceId?: string | null
  channel: IngestChannel
  issues: Issue[]
  /** The raw payload as received (a line, a body, a serialised item). */
  payload: string
  line?: number | null
}

/**
 * Sets bad payloads aside with their reason so that nothing is silently dropped. The same
 * payload from the same brand, source and line is kept once, so a retried delivery or a
 * re-run import does not pile up; the same bad text on two lines (or from two sources) is
 * kept twice. Returns how many were new.
 */
export async function recordRejections(q: Queryable, rejections: Rejection[]): Promise<number> {
  if (!rejections.length) return 0
  const rows = await q
    .insert(rejectedPayloads)
    .values(
      rejections.map((r) => ({
        brandId: r.brandId ?? null,
        sourceId: r.sourceId ?? null,
        channel: r.channel,
        reason: describeIssues(r.issues),
        issues: r.issues,
        line: r.line ?? null,
        payload: normalizeText(r.payload.slice(0, MAX_KEPT_PAYLOAD)),
        payloadHash: crypto
          .createHash('sha256')
          .update(`${r.brandId ?? ''}\u0000${r.sourceId ?? ''}\u0000${r.line ?? ''}\u0000`)
          .update(r.payload)
          .digest('hex'),
      })),
    )
    .onConflictDoNothing()
    .returning({ id: rejectedPayloads.id })
  return rows.length
}
