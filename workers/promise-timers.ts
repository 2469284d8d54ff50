import type { AppContext } from '../server/context.js'
import {
  raiseOverduePromises,
  remindDuePromises,
} from '../server/domain/promises/promise-alarms.js'
import { clockNow } from '../server/lib/clock.js'
import { publishPromises } from '../server/realtime/promise-events.js'
import { publishTriage } from '../server/realtime/triage-events.js'

/**
 * Promises' part of the worker's housekeeping, at the rules' clock (`clockNow`, which the test
 * clock moves): owners of promises due soon are reminded, then promises past due notify the
 * advisers and raise their threads. Each is stamped in the transaction of its notifications,
 * so a pass run twice, or by two workers, notifies once. Pushes go out after commit.
 */
export async function runPromiseTimers(
  ctx: AppContext,
  now?: Date,
): Promise<{ reminded: number; overdue: number }> {
  const at = now ?? (await clockNow(ctx))
  const reminded = await remindDuePromises(ctx, at)
  await publishTriage(ctx, reminded)
  await publishPromises(ctx, reminded.promiseIds)
  const overdue = await raiseOverduePromises(ctx, at)
  await publishTriage(ctx, overdue)
  await publishPromises(ctx, overdue.promiseIds)
  return { reminded: reminded.promiseIds.length, overdue: overdue.promiseIds.length }
}
