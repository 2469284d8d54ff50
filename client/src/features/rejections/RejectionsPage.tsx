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
import { useLocation } from '../../lib/router.js'
import { usePagedList } from '../../lib/useResource.js'
import { FilterBar, filterBy, FilterSelect } from '../../ui/FilterBar.js'
import { ListCard } from '../../ui/ListCard.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { Panel } from '../../ui/Panel.js'
import { RefreshButton } from '../../ui/RefreshButton.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { AppShell } from '../shell/AppShell.js'
import '../../ui/badges.css'
import './rejections.css'

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

  return (
    <AppShell user={user}>
      <PageHeader title="Rejected payloads" actions={<RefreshButton onClick={list.reload} />}>
        Posts Firebreak refused because they did not match the contract, kept with the reason so
        nothing disappears silently. Payloads are shown as raw text, exactly as received.
      </PageHeader>

      <FilterBar label="Filter rejected payloads">
        <FilterSelect
          label="Channel"
          value={filter.channel}
          all="All channels"
          options={REJECTION_CHANNELS}
          optionLabel={(c) => CHANNEL_LABELS[c]}
          onChange={(channel) => filterBy({ channel })}
        />
      </FilterBar>

      <ListCard
        list={list}
        what="rejected payloads"
        noun="payload"
        empty={
          <Panel title={filter.channel ? 'Nothing rejected on this channel' : 'Nothing rejected'}>
            <p>Every payload received so far matched the contract.</p>
          </Panel>
        }
      >
        {(r) => <Rejection key={r.id} rejection={r} />}
      </ListCard>
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
