import { z } from 'zod'

export const NOTIFICATION_KINDS = [
  'assigned',
  'mentioned',
  'reopened',
  /** To advisers: a reply waits for approval. */
  'approval_requested',
  /** To a reply's author: an adviser sent it back with a comment. */
  'reply_returned',
  /** One's promise is due soon (once, REMIND_BEFORE_MS before). */
  'promise_due',
  /** A promise of the thread is overdue (to advisers and its owner, once). */
  'promise_overdue',
  /** A response target was missed (to the owner and advisers, once). */
  'sla_breached',
  /** A spike alert was raised (to advisers, admins and viewers: leadership). */
  'alert_raised',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

/** Something that happened to one person: each links to its complaint's thread, or its alert. */
export const NotificationViewSchema = z.object({
  id: z.number().int(),
  kind: z.enum(NOTIFICATION_KINDS),
  brandId: z.string(),
  /** For the link: the thread opens in its brand's inbox. */
  brandSlug: z.string(),
  /** Null for an alert's notification. */
  complaintId: z.string().nullable(),
  /** The spike, for `alert_raised`: its series and how far above the expected level it is. */
  alert: z
    .object({
      id: z.string(),
      series: z.enum(['volume', 'complaints']),
      severity: z.string(),
      observed: z.number(),
      expected: z.number(),
    })
    .nullable(),
  /** Who did it; null for Firebreak itself (auto-assignment, an author's new post). */
  actor: z.string().nullable(),
  /** The complaint's author handle and the start of its lead post, as text. */
  handle: z.string(),
  excerpt: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
})
export type NotificationView = z.infer<typeof NotificationViewSchema>

export const NotificationListSchema = z.object({
  data: z.array(NotificationViewSchema),
  unread: z.number().int(),
})
export type NotificationList = z.infer<typeof NotificationListSchema>

export const ListNotificationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

/** Mark some notifications read, or all of them (`all: true`). */
export const MarkNotificationsReadBody = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }),
  z.object({ all: z.literal(true) }),
])

/** A push to one person: the new notification and their unread count after it. */
export const NotificationPushSchema = z.object({
  notification: NotificationViewSchema.nullable(),
  unread: z.number().int(),
})
