import { useMemo } from 'react'
import {
  REJECTION_CHANNELS,
  type RejectedPayloadView,
} from '../../../../shared/schemas/rejections.js'
import type { UserView } from '../../../../shared/schemas/users.js'
import { api, type RejectionFilter } from '../../lib/api.js'
import {
  absoluteTime,
  displayText,
  integer,
  MAX_DISPLAY_CHARS,
  revealControls,
} from '../../lib/format.js'
import { setSearchParams, useLocation } from '../../lib/router.js'
import { usePagedList } from '../../lib/useResource.js'
import { Button } from '../../ui/Button.js'
import { RefreshIcon } from '../../ui/icons.js'
import { LoadOlder } from '../../ui/LoadOlder.js'
import { LoadState } from '../shell/LoadState.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { Panel } from '../../ui/Panel.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { AppShell } from '../shell/AppShell.js'
import '../../ui/badges.css'
import '../../ui/filters.css'
import '../../ui/table.css'
import './rejections.css'

/** A filter change is a step in the history: Back undoes it. */
const filterBy = (params: Record<string, string | null>) => setSearchParams(params, 'push')

const CHANNEL_LABELS: Record<RejectedPayloadView['channel'], string> = {
  webhook: 'Webhook',
  import: 'File import',
  replay: 'Replay',
  connector: 'Connector',
}

/** Payloads refused at the door (bad shape, bad signature...), kept with the reason. */
export function RejectionsPage({ user }: { user: UserView }) {
  const { search } = useLocation()
  const channel = search.get('channel')
  const filter: RejectionFilter = {
    channel: (REJECTION_CHANNELS as readonly string[]).includes(channel ?? '')
      ? (channel as RejectionFilter['channel'])
      : undefined,
  }
  const list = usePagedList(api.rejections, filter)
  const rows = list.state.data?.data ?? []

  return (
    <AppShell user={user}>
      <PageHeader
        title="Rejected payloads"
        actions={
          <Button onClick={list.reload}>
            <RefreshIcon />
            Refresh
          </Button>
        }
      >
        Posts Firebreak refused because they did not match the contract, kept with the reason so
        nothing disappears silently. Payloads are shown as raw text, exactly as received.
      </PageHeader>

      <div className="filters" role="search" aria-label="Filter rejected payloads">
        <label className="filter">
          <span className="filter-label">Channel</span>
          <select
            className="input select"
            value={filter.channel ?? ''}
            onChange={(e) => filterBy({ channel: e.target.value })}
          >
            <option value="">All channels</option>
            {REJECTION_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
      </div>

      <LoadState state={list.state} onRetry={list.reload} what="rejected payloads">
        {rows.length === 0 ? (
          <Panel title={filter.channel ? 'Nothing rejected on this channel' : 'Nothing rejected'}>
            <p>Every payload received so far matched the contract.</p>
          </Panel>
        ) : (
          <>
            <ol className="rejections">
              {rows.map((r) => (
                <Rejection key={r.id} rejection={r} />
              ))}
            </ol>
            <div className="table-card">
              <LoadOlder
                hasMore={list.hasMore}
                loading={list.loadingMore}
                error={list.moreError}
                onLoad={list.loadOlder}
                shown={rows.length}
                noun="payload"
              />
            </div>
          </>
        )}
      </LoadState>
    </AppShell>
  )
}

function Rejection({ rejection: r }: { rejection: RejectedPayloadView }) {
  // Hostile text: rendered as text in a <pre> (React escapes it), zalgo runs cut, and the
  // invisible controls that could reorder or hide it shown as <U+...> markers.
  const payload = useMemo(() => {
    const shown = displayText(r.payload, r.payloadLength)
    return { ...shown, text: revealControls(shown.text) }
  }, [r.payload, r.payloadLength])
  return (
    <li className="rejection" data-testid="rejection-row">
      <div className="rejection-head">
        <span className="kind">{CHANNEL_LABELS[r.channel]}</span>
        {r.line !== null && <span className="muted">line {integer(r.line)}</span>}
        {r.sourceId && <code className="muted">{r.sourceId}</code>}
        <span className="rejection-time" title={absoluteTime(r.createdAt)}>
          <RelativeTime iso={r.createdAt} />
        </span>
      </div>
      <p className="rejection-reason">
        <bdi>{r.reason}</bdi>
      </p>
      {r.issues.length > 0 && (
        <ul className="rejection-issues">
          {r.issues.slice(0, 8).map((issue, i) => (
            <li key={i}>
              <code>{issue.path}</code> <bdi>{issue.message}</bdi>
            </li>
          ))}
          {r.issues.length > 8 && <li className="muted">…and {r.issues.length - 8} more</li>}
        </ul>
      )}
      <pre className="payload" dir="ltr" tabIndex={0} aria-label="Payload as received">
        {payload.text}
      </pre>
      {payload.truncated && (
        <p className="muted payload-note">
          The first {integer(Math.min(r.payload.length, MAX_DISPLAY_CHARS))} of{' '}
          {integer(r.payloadLength)} characters are shown.
        </p>
      )}
    </li>
  )
}
