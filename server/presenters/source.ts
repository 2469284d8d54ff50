import type { SourceView } from '../../shared/schemas/sources.js'
import type { SourceRow } from '../db/repositories/sources.js'

const iso = (d: Date | null) => d?.toISOString() ?? null

/** Which state a source is in, from its row (see SourceView's health.state). */
function stateOf(row: SourceRow, now: number): SourceView['health']['state'] {
  if (row.kind === 'webhook') return 'push'
  if ((row.cursor as { done?: unknown } | null)?.done === true) return 'ended'
  if (!row.enabled) return 'paused'
  if (row.circuitOpenUntil && row.circuitOpenUntil.getTime() > now) return 'resting'
  if (row.failures > 0) return 'failing'
  return row.lastSuccessAt ? 'live' : 'waiting'
}

export function presentSource(
  row: SourceRow,
  publicUrl: string,
  secretNames: string[] = [],
  now = Date.now(),
): SourceView {
  const hourAgo = Math.floor(now / 60_000) - 60
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
    config: row.kind === 'webhook' ? {} : (row.config as Record<string, unknown>),
    secretNames,
    health: {
      state: stateOf(row, now),
      lastPolledAt: iso(row.lastPolledAt),
      lastSuccessAt: iso(row.lastSuccessAt),
      lastError: row.lastError,
      lastErrorAt: iso(row.lastErrorAt),
      failures: row.failures,
      nextPollAt: iso(row.nextPollAt),
      circuitOpenUntil: iso(row.circuitOpenUntil),
      postsLastHour: row.recentIngest.reduce((n, [m, c]) => (m > hourAgo ? n + c : n), 0),
    },
    createdAt: row.createdAt.toISOString(),
  }
}
