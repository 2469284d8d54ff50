import type { RejectedPayloadView } from '../../shared/schemas/rejections.js'
import type { RejectedPayloadRow } from '../db/repositories/rejected-payloads.js'

/** Longest payload excerpt a listing carries. */
const EXCERPT = 4000

export function presentRejectedPayload(r: RejectedPayloadRow): RejectedPayloadView {
  return {
    id: r.id,
    brandId: r.brandId,
    sourceId: r.sourceId,
    channel: r.channel as RejectedPayloadView['channel'],
    reason: r.reason,
    issues: r.issues as RejectedPayloadView['issues'],
    line: r.line,
    payload: r.payload.slice(0, EXCERPT),
    payloadLength: r.payload.length,
    createdAt: r.createdAt.toISOString(),
  }
}
