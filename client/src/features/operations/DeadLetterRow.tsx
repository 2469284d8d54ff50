import type { DeadLetterView } from '../../../../shared/schemas/operations.js'
import { absoluteTime } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import type { Column } from '../../ui/DataTable.js'
import { RefreshIcon } from '../../ui/icons.js'
import { RelativeTime } from '../../ui/RelativeTime.js'

export const DEAD_LETTER_COLUMNS: readonly Column[] = [
  'Queue',
  'Job',
  'Subject',
  'Attempts',
  'Failed',
  'Last error',
  'Retries itself',
  { label: 'Actions', hidden: true },
]

/** A dead letter's key: job ids are unique within their queue only. */
export const deadLetterKey = (d: Pick<DeadLetterView, 'queue' | 'jobId'>) => `${d.queue}:${d.jobId}`

/**
 * A job that ran out of attempts, with its own Retry. Each cell is labelled (`data-label`):
 * on a phone the row is a card of labelled lines rather than a table to scroll.
 */
export function DeadLetterRow({
  row: d,
  retrying,
  onRetry,
}: {
  row: DeadLetterView
  /** The key of the row being retried, or 'all'. */
  retrying: string | null
  onRetry: (row: DeadLetterView) => void
}) {
  const key = deadLetterKey(d)
  return (
    <tr data-testid="dead-letter-row" data-job-id={d.jobId} data-queue={d.queue}>
      <td data-label="Queue">
        <span className="kind">{d.queue}</span>
      </td>
      <td data-label="Job" className="cell-job">
        <span>
          <code>{d.job}</code>
          <span className="muted"> #{d.jobId}</span>
        </span>
      </td>
      <td data-label="Subject" className="cell-subject-text">
        {d.subject}
      </td>
      <td data-label="Attempts" className="cell-num">
        {d.attempts}
      </td>
      <td data-label="Failed" className="cell-time">
        {d.failedAt ? (
          <span>
            <span className="time-abs">{absoluteTime(d.failedAt)}</span>
            <RelativeTime iso={d.failedAt} className="time-rel" />
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td data-label="Last error" className="cell-error" data-testid="dead-letter-error">
        <bdi>{d.lastError}</bdi>
      </td>
      <td data-label="Retries itself" className="cell-retries">
        {d.retriesItself ? (
          <span
            className="status status-active"
            title="It failed because a dependency was away or its worker died: it is retried by itself once the dependency is healthy."
          >
            Yes, once its dependency is back
          </span>
        ) : (
          <span className="status status-deactivated" title="Retry it once its cause is fixed">
            No, it waits for an admin
          </span>
        )}
      </td>
      <td className="cell-actions">
        <Button
          size="sm"
          onClick={() => onRetry(d)}
          disabled={retrying !== null}
          aria-label={`Retry ${d.job} job ${d.jobId}`}
          data-testid="dead-letter-retry"
        >
          <RefreshIcon />
          {retrying === key ? 'Retrying…' : 'Retry'}
        </Button>
      </td>
    </tr>
  )
}
