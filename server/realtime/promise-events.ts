import type { AppContext } from '../context.js'
import { loadPromises } from '../db/repositories/promises.js'
import { clockNow } from '../lib/clock.js'
import { presentPromise } from '../presenters/promise.js'

/**
 * Pushes committed promises to their brand's team. Not numbered: a console that missed one
 * reads the list again (the Promises page refetches on reconnect and on focus).
 */
export async function publishPromises(ctx: AppContext, ids: string[]): Promise<void> {
  if (!ids.length) return
  const now = await clockNow(ctx)
  for (const record of await loadPromises(ctx.db, ids))
    ctx.publisher.tell('promise.changed', { brandId: record.brandId }, presentPromise(record, now))
}
