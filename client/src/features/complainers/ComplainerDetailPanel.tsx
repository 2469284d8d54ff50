import type { ComplainerDetail } from '../../../../shared/schemas/complainers.js'
import { ordinal } from '../../../../shared/scoring/reach.js'
import { OUTCOME_TEXT, OUTCOMES, type Outcome } from '../../../../shared/sla.js'
import { api } from '../../lib/api.js'
import { absoluteTime, clip, compact, displayHandle } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { Notice } from '../../ui/Notice.js'
import { useAction } from '../../ui/useAction.js'
import { OutcomeBadge } from '../sla/OutcomeBadge.js'
import { AuthorPromises } from '../promises/AuthorPromises.js'

const pct = (reach: number | null) =>
  reach === null ? '—' : `${ordinal(Math.round(reach * 100))} pct`

/**
 * One complainer's accounts (reach per network), threads, complaints and reach history: the
 * body of the detail beside the table, so each complaint is a short item rather than a row of a
 * wide table.
 */
export function ComplainerDetailPanel({
  detail,
  canLink,
  onChanged,
  promisesOf,
}: {
  detail: ComplainerDetail
  canLink: boolean
  onChanged: () => void
  /** The brand whose promises to this person to list (for those who may read promises). */
  promisesOf?: { id: string; slug: string }
}) {
  const unlinking = useAction()
  const unlink = (authorId: number) =>
    void unlinking.run(async () => {
      await api.unlinkAccount(authorId)
      onChanged()
    })
  const { complainer, posts, reachHistory, threads } = detail
  return (
    <>
      {unlinking.failure && <Notice tone="danger">{unlinking.failure.message}</Notice>}
      <h3 className="subhead">Accounts</h3>
      <ul className="accounts">
        {complainer.accounts.map((a) => (
          <li key={a.authorId}>
            <span className="tag">{a.network}</span> <bdi>{displayHandle(a.handle)}</bdi>{' '}
            <span className="muted">
              {compact(a.followers)} followers
              {a.karma !== null && `, ${compact(a.karma)} karma`}
              {a.verified && ', verified'} · reach {pct(a.reach)} on {a.network}
            </span>
            {canLink && complainer.personId && (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => unlink(a.authorId)}
                disabled={unlinking.busy}
              >
                Unlink
              </Button>
            )}
          </li>
        ))}
      </ul>
      <p className="card-text">
        Threads with the brand: {threads.open} open, {threads.resolved} resolved,{' '}
        {threads.dismissed} dismissed.
        {outcomeSummary(posts)}
      </p>
      <h3 className="subhead">Complaints ({posts.length})</h3>
      <ol className="complainer-posts">
        {posts.map((p) => (
          <li key={p.postId}>
            <span className="complainer-post-meta">
              <time dateTime={p.postedAt}>{absoluteTime(p.postedAt)}</time> · {p.network} ·{' '}
              <span title={p.version ?? undefined}>priority {p.priority.toFixed(1)}</span> ·{' '}
              {p.state ?? 'no thread'}
              {p.outcome && (
                <>
                  {' · '}
                  <OutcomeBadge outcome={p.outcome} withFigures />
                </>
              )}
            </span>
            <bdi className="complainer-post-text">{clip(p.text, 160)}</bdi>
          </li>
        ))}
      </ol>
      {promisesOf && (
        <AuthorPromises brand={promisesOf} authorIds={complainer.accounts.map((a) => a.authorId)} />
      )}
      <h3 className="subhead">Reach history</h3>
      {reachHistory.length === 0 ? (
        <p className="muted">Not computed yet.</p>
      ) : (
        <ul className="accounts">
          {reachHistory.map((h) => (
            <li key={`${h.authorId}-${h.computedAt}`}>
              <time dateTime={h.computedAt}>{absoluteTime(h.computedAt)}</time>: {h.network}{' '}
              {pct(h.reach)}{' '}
              <span className="muted">
                (raw {h.raw.toFixed(2)}
                {h.verified && ', verified'})
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

/** " After our replies: 1 recovered, 0 unchanged, 1 worse." over their distinct threads. */
function outcomeSummary(posts: ComplainerDetail['posts']): string {
  const byThread = new Map<string, Outcome>()
  for (const p of posts)
    if (p.complaintId && p.outcome) byThread.set(p.complaintId, p.outcome.outcome)
  if (!byThread.size) return ''
  const count = (o: Outcome) => [...byThread.values()].filter((x) => x === o).length
  return ` After our replies: ${OUTCOMES.map((o) => `${count(o)} ${OUTCOME_TEXT[o].toLowerCase()}`).join(', ')}.`
}
