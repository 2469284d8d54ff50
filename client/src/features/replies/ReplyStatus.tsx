import type { ReplyView } from '../../../../shared/schemas/replies.js'
import { clockTime, network as networkOf, safeHttpUrl } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { FormError } from '../../ui/FormError.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { useAction } from '../../ui/useAction.js'
import { useNow } from '../../ui/useNow.js'
import { repliesApi } from './repliesApi.js'

const LABELS: Record<ReplyView['state'], string> = {
  awaiting_approval: 'Waiting for approval',
  returned: 'Sent back',
  discarded: 'Discarded',
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  unknown: 'Outcome unknown',
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * Where a reply is on its way to the network, and what a person can do about it: retry one
 * the network refused, or send again one whose outcome was lost once they checked it is not
 * there (it is never resent by itself: it may have been published).
 */
export function ReplyStatus({
  reply,
  onChanged,
}: {
  reply: ReplyView
  onChanged: (reply: ReplyView) => void
}) {
  const retry = useAction()
  const now = useNow(5_000)
  const net = networkOf(reply.network).label
  const href = safeHttpUrl(reply.url)
  const again = (checked: boolean) =>
    void retry.run(async () => onChanged(await repliesApi.retry(reply.id, checked)))
  const elsewhere = reply.kind === 'elsewhere'

  return (
    <div className={`reply-status reply-${reply.state}`} data-testid="reply-status">
      <span className="reply-state" data-testid="reply-state" data-state={reply.state}>
        {elsewhere ? 'Replied elsewhere' : LABELS[reply.state]}
      </span>
      {reply.state === 'queued' && (
        <span className="muted">
          {reply.attempts > 0 ? `after ${plural(reply.attempts, 'attempt')}; next ` : 'to go out '}
          {reply.nextAttemptAt && Date.parse(reply.nextAttemptAt) > now
            ? `at ${clockTime(reply.nextAttemptAt, { seconds: true })}`
            : 'now'}
        </span>
      )}
      {reply.state === 'awaiting_approval' && reply.approval.reason && (
        <span className="muted">held because {reply.approval.reason}</span>
      )}
      {reply.state === 'queued' && reply.approval.approvedBy && (
        <span className="muted">
          approved by <bdi>{reply.approval.approvedBy.name}</bdi>
          {reply.approval.edited && ' (edited)'}
        </span>
      )}
      {reply.state === 'sending' && <span className="muted">to {net} now</span>}
      {reply.state === 'sent' && (
        <>
          {reply.sentAt && <RelativeTime iso={reply.sentAt} className="muted" />}
          {href && (
            <a href={href} target="_blank" rel="noopener noreferrer" data-testid="reply-link">
              View on {net}
              <span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          )}
        </>
      )}
      {reply.state === 'failed' && (
        <>
          {/* The server words it with the network's own message: "Bluesky refused the reply: …". */}
          <p className="reply-problem reply-network-error">
            {reply.error ?? `${net} refused the reply.`}
          </p>
          <Button size="sm" disabled={retry.busy} onClick={() => again(false)}>
            {retry.busy ? 'Retrying…' : 'Retry'}
          </Button>
        </>
      )}
      {reply.state === 'unknown' && (
        <>
          <p className="reply-problem">
            The answer from {net} was lost, so this reply may or may not have been published.
            Firebreak will not send it again by itself. Look for it in the thread on {net}: if it is
            there, record it with “Replied elsewhere”; if it is not, send it again.
            {reply.error && <span className="muted"> ({reply.error})</span>}
          </p>
          <Button size="sm" disabled={retry.busy} onClick={() => again(true)}>
            {retry.busy ? 'Sending…' : 'Checked, not published — send again'}
          </Button>
        </>
      )}
      <FormError>{retry.failure?.message}</FormError>
    </div>
  )
}
