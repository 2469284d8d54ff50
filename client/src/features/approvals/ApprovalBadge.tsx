import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect } from 'react'
import { useBrandSocket, useTeamEvent } from '../../lib/brandSocket.js'
import { onServerEvents } from '../../lib/socket.js'
import { APPROVAL_EVENTS, approvalCountKey, approvalsApi } from './approvalsApi.js'

/** Without a socket on this page, the count is read again this often. */
const POLL_MS = 30_000

/**
 * How many replies of the brand in view wait for approval, for the navigation: kept current by
 * the brand's reply events where the page has a socket, and by polling where it has none.
 */
export function ApprovalBadge({ brandSlug }: { brandSlug: string | null }) {
  const client = useQueryClient()
  const socket = useBrandSocket()
  const counts = useQuery({
    queryKey: approvalCountKey,
    queryFn: ({ signal }) => approvalsApi.count(signal),
    refetchInterval: socket ? false : POLL_MS,
  })
  useEffect(() => {
    if (!socket) return
    return onServerEvents(socket, (name) => {
      if (APPROVAL_EVENTS.has(name)) void client.invalidateQueries({ queryKey: approvalCountKey })
    })
  }, [socket, client])
  // A notification that a reply awaits approval may concern another brand than the socket's.
  useTeamEvent(
    'notification.created',
    useCallback(
      (push) => {
        if (push.notification?.kind === 'approval_requested')
          void client.invalidateQueries({ queryKey: approvalCountKey })
      },
      [client],
    ),
  )
  const rows = counts.data ?? []
  const count = brandSlug
    ? (rows.find((r) => r.slug === brandSlug)?.count ?? 0)
    : rows.reduce((n, r) => n + r.count, 0)
  if (!count) return null
  return (
    <span className="nav-badge" data-testid="approvals-badge">
      {count > 99 ? '99+' : count}
      <span className="visually-hidden"> waiting</span>
    </span>
  )
}
