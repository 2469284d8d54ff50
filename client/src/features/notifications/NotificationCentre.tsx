import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import type {
  NotificationList,
  NotificationView,
} from '../../../../shared/schemas/notifications.js'
import { useTeamEvent } from '../../lib/brandSocket.js'
import { displayHandle } from '../../lib/format.js'
import { navigate } from '../../lib/router.js'
import { cx } from '../../ui/css.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { alertHref } from '../alerts/links.js'
import { inboxApi } from '../inbox/inboxApi.js'
import './notifications.css'

const KEY = ['notifications'] as const

function describe(n: NotificationView): string {
  const who = n.actor ?? 'Firebreak'
  switch (n.kind) {
    case 'assigned':
      return `${who} assigned you ${displayHandle(n.handle)}`
    case 'mentioned':
      return `${who} mentioned you on ${displayHandle(n.handle)}`
    case 'reopened':
      return `${displayHandle(n.handle)} posted again: reopened`
    case 'approval_requested':
      return `${who} asks for approval of a reply to ${displayHandle(n.handle)}`
    case 'reply_returned':
      return `${who} sent back your reply to ${displayHandle(n.handle)}`
    case 'sla_breached':
      return `Response target missed on ${displayHandle(n.handle)}`
    case 'promise_due':
      return `Your promise to ${displayHandle(n.handle)} is due soon`
    case 'promise_overdue':
      return `A promise to ${displayHandle(n.handle)} is overdue`
    case 'alert_raised': {
      const what = n.alert?.series === 'complaints' ? 'Complaint' : 'Volume'
      if (!n.alert || n.alert.expected < 0.5) return `${what} spike: far above the usual level`
      return `${what} spike: ${(n.alert.observed / n.alert.expected).toFixed(1)}× the expected level (${n.alert.severity})`
    }
  }
}

/** The thread a notification is about, in its brand's inbox (in Mine when it was assigned). */
function threadHref(n: NotificationView): string {
  if (n.alert) return alertHref(n.brandSlug, n.alert.id)
  if (n.kind === 'approval_requested')
    return `/approvals?${new URLSearchParams({ brand: n.brandSlug })}`
  const search = new URLSearchParams({ brand: n.brandSlug, c: n.complaintId ?? '' })
  if (n.kind === 'assigned') search.set('view', 'mine')
  return `/inbox?${search}`
}

/**
 * The bell: one's notifications with a live unread count (a push adds each as it happens), each
 * a link to its thread; mark one or all read.
 */
export function NotificationCentre() {
  const client = useQueryClient()
  const list = useQuery({ queryKey: KEY, queryFn: ({ signal }) => inboxApi.notifications(signal) })
  const [open, setOpen] = useState(false)
  const panel = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  useTeamEvent(
    'notification.created',
    useCallback(
      (push) =>
        client.setQueryData<NotificationList>(KEY, (old) => ({
          unread: push.unread,
          data: push.notification
            ? [
                push.notification,
                ...(old?.data ?? []).filter((n) => n.id !== push.notification!.id),
              ]
            : (old?.data ?? []),
        })),
      [client],
    ),
  )
  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      e.stopPropagation()
      setOpen(false)
      button.current?.focus()
    }
    const onClick = (e: MouseEvent) => {
      if (!panel.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node))
        setOpen(false)
    }
    document.addEventListener('keydown', onKey, true)
    document.addEventListener('mousedown', onClick)
    return () => {
      document.removeEventListener('keydown', onKey, true)
      document.removeEventListener('mousedown', onClick)
    }
  }, [open])
  const unread = list.data?.unread ?? 0
  const markRead = async (which: { ids: number[] } | { all: true }) => {
    const { unread } = await inboxApi.markRead(which)
    const now = new Date().toISOString()
    client.setQueryData<NotificationList>(
      KEY,
      (old) =>
        old && {
          unread,
          data: old.data.map((n) =>
            'all' in which || which.ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n,
          ),
        },
    )
  }
  return (
    <div className="notif">
      <button
        ref={button}
        type="button"
        className="btn btn-quiet notif-bell"
        aria-expanded={open}
        aria-controls="notif-panel"
        aria-label={`Notifications, ${unread} unread`}
        data-testid="notifications"
        onClick={() => setOpen(!open)}
      >
        <svg
          width="18"
          height="18"
          viewBox="0 0 24 24"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="notif-count" data-testid="unread-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={panel}
          id="notif-panel"
          className="notif-panel"
          role="region"
          aria-label="Notifications"
        >
          <div className="notif-head">
            <h2>Notifications</h2>
            <button
              type="button"
              className="btn btn-quiet"
              disabled={!unread}
              onClick={() => void markRead({ all: true })}
            >
              Mark all read
            </button>
          </div>
          {list.data?.data.length === 0 && (
            <p className="notif-empty">
              Nothing yet. You are told here when a complaint is assigned to you, a colleague
              mentions you in a note, or an author posts again in your thread.
            </p>
          )}
          <ul>
            {list.data?.data.map((n) => (
              <li
                key={n.id}
                className={cx('notif-item', !n.readAt && 'is-unread')}
                data-testid="notification"
              >
                <a
                  href={threadHref(n)}
                  onClick={(e) => {
                    e.preventDefault()
                    setOpen(false)
                    if (!n.readAt) void markRead({ ids: [n.id] })
                    navigate(threadHref(n))
                  }}
                >
                  <span className="notif-what">{describe(n)}</span>
                  <bdi className="notif-excerpt" dir="auto">
                    {n.excerpt}
                  </bdi>
                  <RelativeTime iso={n.createdAt} className="notif-time" />
                </a>
                {!n.readAt && (
                  <button
                    type="button"
                    className="btn btn-quiet"
                    onClick={() => void markRead({ ids: [n.id] })}
                  >
                    Mark read
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
