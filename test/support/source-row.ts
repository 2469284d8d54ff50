import { eq } from 'drizzle-orm'
import type { AppContext } from '../../server/context.js'
import { getSource, type SourceRow } from '../../server/db/repositories/sources.js'
import { sources } from '../../server/db/schema.js'
import { pollSource } from '../../workers/processors/poll-source.js'

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

/**
 * One poll of a source made due now (the test stands in for the clock: the poller would wait
 * out the source's pace or backoff): what it stored, and whether it failed (a failed poll keeps
 * the cursor and says why in the source's health).
 */
export async function pollDueNow(
  ctx: AppContext,
  sourceId: string,
): Promise<{ inserted: number; failed: boolean; row: SourceRow }> {
  await makeDue(ctx, sourceId)
  const inserted = await pollSource(ctx, { sourceId })
  const row = await getSource(ctx.db, sourceId)
  return { inserted, failed: row.failures > 0, row }
}

/** Makes a source due at once: the poller would wait out its pace or backoff otherwise. */
export async function makeDue(ctx: AppContext, sourceId: string): Promise<void> {
  await ctx.db.update(sources).set({ nextPollAt: null }).where(eq(sources.id, sourceId))
}
