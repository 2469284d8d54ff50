import type { SourceRow } from '../../server/db/repositories/sources.js'

/** A source row as a connector reads it (not stored): a fresh source, never polled. */
export function sourceRow(
  fields: Pick<SourceRow, 'id' | 'brandId' | 'kind'> & Partial<SourceRow>,
): SourceRow {
  return {
    name: fields.kind,
    enabled: true,
    config: {},
    secretsCiphertext: null,
    cursor: null,
    lastPolledAt: null,
    lastSuccessAt: null,
    lastError: null,
    lastErrorAt: null,
    failures: 0,
    nextPollAt: null,
    circuitOpenUntil: null,
    recentIngest: [],
    createdAt: new Date(),
    updatedAt: new Date(),
    ...fields,
  }
}
