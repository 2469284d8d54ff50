import { ago } from '../../lib/format.js'
import { useNow } from '../../ui/useNow.js'
import type { ConnectionInfo } from './feedStore.js'
import './ConnectionStatus.css'

const LABELS = {
  live: 'Live',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
} as const

/**
 * Live (green), reconnecting (amber, with the attempt) or offline (red), and how fresh the
 * data is. Only the state word is a live region; the ticking age is not announced.
 */
export function ConnectionStatus({
  connection,
  lastUpdateAt,
}: {
  connection: ConnectionInfo
  lastUpdateAt: number | null
}) {
  const now = useNow(1000)
  const state = connection.state === 'connecting' ? 'reconnecting' : connection.state
  const title = [
    connection.state === 'live'
      ? 'Connected: complaints arrive as they are scored.'
      : connection.state === 'offline'
        ? 'Not connected. Showing the last data received; it will catch up on reconnect.'
        : 'Connecting to the live feed…',
    connection.detail ? `Reason: ${connection.detail}` : null,
  ]
    .filter(Boolean)
    .join('\n')
  return (
    <div className="conn-wrap">
      <div
        className={`conn conn-${state}`}
        data-testid="connection-status"
        data-state={state}
        title={title}
      >
        <span className="conn-dot" aria-hidden="true" />
        <span role="status" className="conn-label">
          {LABELS[connection.state]}
        </span>
        {connection.state !== 'live' && connection.attempt > 0 && (
          <span className="conn-attempt">attempt {connection.attempt}</span>
        )}
      </div>
      <span className="conn-age" title="Time since the last complaint change arrived">
        {lastUpdateAt === null ? 'no data yet' : `updated ${ago(now - lastUpdateAt)}`}
      </span>
    </div>
  )
}
