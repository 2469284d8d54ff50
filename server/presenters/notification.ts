import type { NotificationView } from '../../shared/schemas/notifications.js'
import type { NotificationRecord } from '../db/repositories/notifications.js'

export function presentNotification(n: NotificationRecord): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    brandId: n.brandId,
    brandSlug: n.brandSlug,
    complaintId: n.complaintId,
    alert: n.alert && {
      ...n.alert,
      series: n.alert.series === 'complaints' ? 'complaints' : 'volume',
    },
    actor: n.actorName,
    handle: n.handle,
    excerpt: n.excerpt,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt && n.readAt.toISOString(),
  }
}
