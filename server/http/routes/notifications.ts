import { Router } from 'express'
import {
  ListNotificationsQuery,
  MarkNotificationsReadBody,
  type NotificationList,
} from '../../../shared/schemas/notifications.js'
import type { AppContext } from '../../context.js'
import { countUnread, listNotifications, markRead } from '../../db/repositories/notifications.js'
import { parse } from '../../lib/parse.js'
import { presentNotification } from '../../presenters/notification.js'
import { route } from '../access.js'

/** One's own notifications: the newest, the unread count, and marking them read. */
export function notificationsRouter(ctx: AppContext): Router {
  const router = Router()
  const OWN = { action: 'notification.read' } as const

  route(router, 'get', '/api/notifications', OWN, async (req, res) => {
    const { limit } = parse(ListNotificationsQuery, req.query, 'query')
    const { userId } = req.actor!
    const rows = await listNotifications(ctx.db, userId, limit)
    const unread = await countUnread(ctx.db, userId)
    res.json({ data: rows.map(presentNotification), unread } satisfies NotificationList)
  })

  route(router, 'post', '/api/notifications/read', OWN, async (req, res) => {
    const body = parse(MarkNotificationsReadBody, req.body)
    const { userId } = req.actor!
    await markRead(ctx.db, userId, 'all' in body ? 'all' : body.ids)
    res.json({ unread: await countUnread(ctx.db, userId) })
  })

  return router
}
