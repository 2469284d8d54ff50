import type { SourceView } from '../../shared/schemas/sources.js'
import type { SourceRow } from '../db/repositories/sources.js'

export function presentSource(row: SourceRow, publicUrl: string): SourceView {
  return {
    id: row.id,
    brandId: row.brandId,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled,
    webhookUrl: row.kind === 'webhook' ? `${publicUrl}/api/ingest/webhook/${row.id}` : null,
    hasCredentials: row.secretsCiphertext !== null,
    // The poll that read its last record commits `done` with its cursor.
    ended: (row.cursor as { done?: unknown } | null)?.done === true,
    createdAt: row.createdAt.toISOString(),
  }
}
