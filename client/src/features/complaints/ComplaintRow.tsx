import { memo } from 'react'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import {
  clip,
  compact,
  displayHandle,
  integer,
  network,
  priorityLevel,
  safeHttpUrl,
  signed,
} from '../../lib/format.js'
import { cssVars, cx } from '../../ui/css.js'
import {
  ExternalIcon,
  HeartIcon,
  ReplyIcon,
  RepostIcon,
  StarIcon,
  ThreadIcon,
} from '../../ui/icons.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { useNow } from '../../ui/useNow.js'
import { livePriority } from './livePriority.js'
import type { RowChange } from './feedStore.js'
import { PickPanel } from './PickPanel.js'
import { PostText } from './PostText.js'
import { ScoreExplanation } from './ScoreExplanation.js'
import { UnreadLanguageTag } from './UnreadLanguageTag.js'
import '../../ui/Button.css'
import '../../ui/badges.css'
import './network.css'
import './ComplaintList.css'

/** DOM ids derived from a complaint id (a uuid; anything else is made id-safe). */
const domId = (id: string, part: string) => `c-${id.replace(/[^a-zA-Z0-9_-]/g, '_')}-${part}`

/**
 * One complaint. Memoised: with rows and changes kept by identity, only rows whose data
 * changed re-render when a batch of events lands.
 */
export const ComplaintRow = memo(function ComplaintRow({
  complaint: c,
  change,
  expanded,
  onToggle,
  canPick,
  onPickChanged,
}: {
  complaint: ComplaintView
  change: RowChange | undefined
  expanded: boolean
  onToggle: (id: string) => void
  /** Whether the signed-in role may pick threads (advisers, admins). */
  canPick: boolean
  onPickChanged: (view: ComplaintView) => void
}) {
  const { lead } = c
  // Waiting adds to a priority every minute; the row shows it as of now.
  const priority = livePriority(c, useNow(30_000))
  const level = priorityLevel(priority)
  const net = network(c.network)
  const href = safeHttpUrl(lead.url)
  const name = lead.author.displayName?.trim()
  return (
    <li
      className={cx(
        'row',
        `lvl-${level}`,
        expanded && 'is-expanded',
        lead.isDeleted && 'is-deleted',
      )}
      data-testid="complaint-row"
      data-complaint-id={c.id}
      data-flip-key={c.id}
      data-priority={priority}
      tabIndex={0}
      aria-labelledby={`${domId(c.id, 'prio')} ${domId(c.id, 'head')}`}
    >
      {change && (
        <span key={change.at} className={`row-flash flash-${change.kind}`} aria-hidden="true" />
      )}

      <div
        className="prio"
        id={domId(c.id, 'prio')}
        title={`Priority ${priority.toFixed(1)} (scoring ${c.scoringVersion})`}
      >
        <span className="visually-hidden">Priority </span>
        <span className="prio-num">{Math.round(priority)}</span>
        <span className="prio-bar" aria-hidden="true">
          <span
            className="prio-fill"
            style={cssVars({ '--p': Math.max(0, Math.min(1, priority / 100)) })}
          />
        </span>
        <span className="prio-level">{level}</span>
        {change && change.delta !== 0 && (
          <span className={cx('prio-delta', change.delta > 0 ? 'is-up' : 'is-down')}>
            <span aria-hidden="true">{change.delta > 0 ? '▲' : '▼'}</span>
            <span className="visually-hidden">{change.delta > 0 ? 'up' : 'down'}</span>
            {Math.abs(change.delta)}
          </span>
        )}
      </div>

      <div className="row-main">
        <div className="row-head" id={domId(c.id, 'head')}>
          <span
            className="author"
            title={`${name ?? ''} ${displayHandle(lead.author.handle)}`.trim()}
          >
            {name && <bdi className="author-name">{clip(name, 120)}</bdi>}
            <bdi className="author-handle">{displayHandle(lead.author.handle)}</bdi>
          </span>
          <span className={`net net-${net.key}`} title={c.network}>
            <span className="net-dot" aria-hidden="true" />
            <bdi>{net.label}</bdi>
          </span>
          <span className="meta" title="Author followers (reach)">
            <strong>{compact(lead.author.followers)}</strong> followers
          </span>
          <RelativeTime iso={c.lastActivityAt} className="meta meta-time" />
          {c.pick && (
            <span
              className="tag tag-pick"
              title={`Picked by ${c.pick.by}${c.pick.reason ? `: ${c.pick.reason}` : ''}`}
              data-testid="pick-badge"
            >
              <StarIcon size={11} />
              Picked
            </span>
          )}
          {change?.kind === 'new' && <span className="tag tag-new">New</span>}
          {lead.isDeleted && <span className="tag tag-deleted">Deleted at source</span>}
          <UnreadLanguageTag analysis={lead.analysis} />
        </div>

        <PostText
          id={domId(c.id, 'text')}
          text={lead.text}
          textLength={lead.textLength}
          lang={lead.lang}
          deleted={lead.isDeleted}
        />

        <div className="row-actions">
          <button
            type="button"
            className="link-btn why"
            aria-expanded={expanded}
            aria-controls={domId(c.id, 'why')}
            onClick={() => onToggle(c.id)}
          >
            Why this priority?
          </button>
          {href && (
            <a className="link-out" href={href} target="_blank" rel="noopener noreferrer">
              Open original
              <ExternalIcon size={12} />
              <span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          )}
          <span
            className="meta"
            title={`${c.postCount} posts in the thread, ${c.complaintCount} of them complaints`}
          >
            <ThreadIcon size={12} /> {integer(c.postCount)} post{c.postCount === 1 ? '' : 's'} in
            thread
          </span>
        </div>
      </div>

      <div className="row-side">
        <span
          className={`sentiment sent-${lead.sentiment.label}`}
          title={`Sentiment score ${lead.sentiment.score.toFixed(3)} (−1 negative … +1 positive)${lead.analysis.confidence === null ? '' : `, ${Math.round(lead.analysis.confidence * 100)}% sure`}`}
        >
          {lead.sentiment.label}{' '}
          <span className="sentiment-score">{signed(lead.sentiment.score)}</span>
        </span>
        <span className="engagement">
          <span title={`${integer(lead.engagement.likes)} likes`}>
            <HeartIcon />
            <span className="visually-hidden">Likes</span> {compact(lead.engagement.likes)}
          </span>
          <span title={`${integer(lead.engagement.replies)} replies`}>
            <ReplyIcon />
            <span className="visually-hidden">Replies</span> {compact(lead.engagement.replies)}
          </span>
          <span title={`${integer(lead.engagement.shares)} shares`}>
            <RepostIcon />
            <span className="visually-hidden">Shares</span> {compact(lead.engagement.shares)}
          </span>
        </span>
      </div>

      {expanded && <PickPanel complaint={c} canPick={canPick} onChanged={onPickChanged} />}
      {expanded && <ScoreExplanation complaint={c} id={domId(c.id, 'why')} />}
    </li>
  )
})
