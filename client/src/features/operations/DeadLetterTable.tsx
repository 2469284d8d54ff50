import type { DeadLetterView } from '../../../../shared/schemas/operations.js'
import { absoluteTime } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { DataTable } from '../../ui/DataTable.js'
import { RefreshIcon } from '../../ui/icons.js'
import { RelativeTime } from '../../ui/RelativeTime.js'

const COLUMNS = [
  'Queue',
  'Job',
  'Subject',
  'Attempts',
  'Failed',
  'Last error',
  'Retries itself',
  { label: 'Actions', hidden: true },
] as const

/** A dead letter's key: job ids are unique within their queue only. */
export const deadLetterKey = (d: Pick<DeadLetterView, 'queue' | 'jobId'>) => `${d.queue}:${d.jobId}`

/** Jobs that ran out of attempts, newest first, each with its own Retry. */
export function DeadLetterTable({
  rows,
  caption,
  retrying,
  onRetry,
}: {
  rows: readonly DeadLetterView[]
  caption: string
  /** The key of the row being retried, or 'all'. */
  retrying: string | null
  onRetry: (row: DeadLetterView) => void
}) {
  return (
    <DataTable
      columns={COLUMNS}
      caption={caption}
      className="table-dead-letters"
      testId="dead-letters"
    >
      {rows.map((d) => {
        const key = deadLetterKey(d)
        return (
          <tr key={key} data-testid="dead-letter-row" data-job-id={d.jobId} data-queue={d.queue}>
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
                <span
                  className="status status-deactivated"
                  title="Retry it once its cause is fixed"
                >
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
      })}
    </DataTable>
  )
}
