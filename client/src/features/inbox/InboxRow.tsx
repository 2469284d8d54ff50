import { memo } from 'react'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import type { PresenceEntry } from '../../../../shared/schemas/presence.js'
import { clip, compact, displayHandle, network, priorityLevel } from '../../lib/format.js'
import { cx } from '../../ui/css.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { livePriority } from '../complaints/livePriority.js'
import { UnreadLanguageTag } from '../complaints/UnreadLanguageTag.js'
import { initials } from './usePresence.js'
import { PromiseOverdueMark } from '../promises/PromiseOverdueMark.js'
import { OutcomeBadge } from '../sla/OutcomeBadge.js'
import { SlaChip } from '../sla/SlaChip.js'
import { StateBadge } from './StateBadge.js'

/** One complaint of the inbox list: a fixed-height line, text rendered as text. */
export const InboxRow = memo(function InboxRow({
  complaint: c,
  now,
  active,
  open,
  checked,
  present,
  onOpen,
  onCheck,
}: {
  complaint: ComplaintView
  now: number
  /** The keyboard's row (j/k). */
  active: boolean
  /** Its thread is open beside the list. */
  open: boolean
  checked: boolean
  /** Colleagues on it now (viewing or writing). */
  present: PresenceEntry[]
  onOpen: (id: string) => void
  onCheck: (id: string, range: boolean) => void
}) {
  const priority = livePriority(c, now)
  const net = network(c.network)
  const { lead } = c
  return (
    <div
      className={cx(
        'inbox-row',
        `lvl-${priorityLevel(priority)}`,
        active && 'is-active',
        open && 'is-open',
      )}
      data-testid="inbox-row"
      data-complaint-id={c.id}
      data-state={c.state}
    >
      <input
        type="checkbox"
        className="inbox-check"
        checked={checked}
        aria-label={`Select complaint by ${displayHandle(lead.author.handle)}`}
        onChange={(e) => onCheck(c.id, (e.nativeEvent as MouseEvent).shiftKey)}
      />
      <button
        type="button"
        className="inbox-open"
        aria-current={open ? 'true' : undefined}
        onClick={() => onOpen(c.id)}
      >
        <span className="inbox-prio" title={`Priority ${priority.toFixed(1)}`}>
          {Math.round(priority)}
        </span>
        <span className="inbox-main">
          <span className="inbox-head">
            <bdi className="inbox-handle">{displayHandle(lead.author.handle)}</bdi>
            <span className={`net net-${net.key}`} title={net.label}>
              <span className="net-dot" aria-hidden="true" />
              <bdi>{net.label}</bdi>
            </span>
            <span className="inbox-meta">{compact(lead.author.followers)} followers</span>
            {c.pick && <span className="tag tag-pick">Picked</span>}
            {/* Most pressing first: a narrow row cuts what comes last. */}
            <StateBadge complaint={c} now={now} />
            <SlaChip complaint={c} now={now} />
            <PromiseOverdueMark complaint={c} />
            <OutcomeBadge outcome={c.outcome} />
            <UnreadLanguageTag analysis={lead.analysis} />
          </span>
          <bdi className="inbox-text" dir="auto">
            {clip(lead.isDeleted ? '(deleted at the source)' : lead.text, 180)}
          </bdi>
        </span>
        <span className="inbox-side">
          <RelativeTime iso={c.lastActivityAt} className="inbox-meta" />
          {c.assignee !== undefined && (
            <span className="inbox-owner" data-testid="owner">
              {c.assignee ? c.assignee.name : 'Unassigned'}
            </span>
          )}
          {present.length > 0 && (
            <span className="presence" data-testid="row-presence">
              {present.map((p) => (
                <span
                  key={p.userId}
                  className={cx('avatar', p.writing && 'is-writing')}
                  title={`${p.name} ${p.writing ? `is writing a ${p.writing}` : 'is viewing'}`}
                >
                  {initials(p.name)}
                </span>
              ))}
              <span className="visually-hidden">
                {present.map((p) => `${p.name} ${p.writing ? 'writing' : 'viewing'}`).join(', ')}
              </span>
            </span>
          )}
        </span>
      </button>
    </div>
  )
})
