import type { AppContext } from '../context.js'
import { countUnread, loadNotifications } from '../db/repositories/notifications.js'
import type { TriageOutcome } from '../domain/triage/triage-outcome.js'
import { presentNotification } from '../presenters/notification.js'
import { publishComplaintEvents } from './complaint-events.js'

/**
 * Pushes what a committed triage change caused: the complaint's event to the brand's consoles
 * and each notification, with its person's unread count, to that person's sockets. A push that
 * fails is not lost data: consoles catch up by seq, and read notifications again on reconnect.
 */
export async function publishTriage(
  ctx: AppContext,
  outcome: Pick<TriageOutcome, 'events' | 'notificationIds'>,
): Promise<void> {
  publishComplaintEvents(ctx.publisher, outcome.events)
  await pushNotifications(ctx, outcome.notificationIds)
}

export async function pushNotifications(ctx: AppContext, ids: number[]): Promise<void> {
  for (const record of await loadNotifications(ctx.db, ids)) {
    const unread = await countUnread(ctx.db, record.userId)
    ctx.publisher.tell(
      'notification.created',
      { userId: record.userId },
      { notification: presentNotification(record), unread },
    )
  }
}
