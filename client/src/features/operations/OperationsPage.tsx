import { useState } from 'react'
import { QUEUE_NAMES, type QueueName } from '../../../../shared/schemas/jobs.js'
import type { DeadLetterView } from '../../../../shared/schemas/operations.js'
import type { UserView } from '../../../../shared/schemas/users.js'
import { api } from '../../lib/api.js'
import { toApiError } from '../../lib/http.js'
import { clockTime, integer } from '../../lib/format.js'
import { useLocation } from '../../lib/router.js'
import { usePolled } from '../../lib/usePolled.js'
import type { ResourceState } from '../../lib/useResource.js'
import { Button } from '../../ui/Button.js'
import { FilterBar, filterBy, FilterSelect } from '../../ui/FilterBar.js'
import { CloseIcon, RefreshIcon } from '../../ui/icons.js'
import { Notice } from '../../ui/Notice.js'
import { ListCard } from '../../ui/ListCard.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { Panel } from '../../ui/Panel.js'
import { RefreshButton } from '../../ui/RefreshButton.js'
import { AppShell } from '../shell/AppShell.js'
import { DEAD_LETTER_COLUMNS, DeadLetterRow, deadLetterKey } from './DeadLetterRow.js'
import { readStatus, StatusHeader } from './StatusHeader.js'
import '../../ui/badges.css'
import './operations.css'

const REFRESH_SECONDS = 5
const LIST_LIMIT = 50

/** "3 jobs moved back to their queue", in words for any count. */
function retriedText(retried: number): string {
  if (retried === 0) return 'No job moved: they had been retried or removed meanwhile.'
  if (retried === 1) return '1 job moved back to its queue.'
  return `${integer(retried)} jobs moved back to their queue.`
}

type Outcome = { tone: 'success' | 'info' | 'danger'; text: string }

/**
 * How Firebreak is running, for admins: PostgreSQL and Redis up or down, the work waiting
 * (outbox rows, dead letters), and the dead letters themselves with a retry for each and for
 * all. Both are read again every few seconds while the page is open.
 */
export function OperationsPage({ user }: { user: UserView }) {
  const { search } = useLocation()
  const queueParam = search.get('queue')
  const queue = (QUEUE_NAMES as readonly string[]).includes(queueParam ?? '')
    ? (queueParam as QueueName)
    : undefined
  const status = usePolled(readStatus, REFRESH_SECONDS * 1000)
  const list = usePolled(
    (signal) => api.deadLetters({ queue, limit: LIST_LIMIT }, signal),
    REFRESH_SECONDS * 1000,
    queue ?? '',
  )
  const [retrying, setRetrying] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const rows = list.data?.data ?? []
  const refreshAll = () => {
    status.refresh()
    list.refresh()
  }

  const retry = async (target: DeadLetterView | 'all') => {
    setRetrying(target === 'all' ? 'all' : deadLetterKey(target))
    setOutcome(null)
    try {
      const retried = await api.retryDeadLetters(
        target === 'all' ? { queue } : { queue: target.queue, jobId: target.jobId },
      )
      setOutcome({ tone: retried ? 'success' : 'info', text: retriedText(retried) })
    } catch (err) {
      setOutcome({ tone: 'danger', text: `Could not retry: ${toApiError(err).message}` })
    } finally {
      setRetrying(null)
      refreshAll()
    }
  }

  // The polled list as the table shows it: the rows last read stay on screen when a read fails.
  const rowsState: ResourceState<DeadLetterView[]> = list.error
    ? { status: 'error', error: list.error, data: list.data?.data ?? null }
    : list.data
      ? { status: 'ready', data: list.data.data }
      : { status: 'loading', data: null }

  return (
    <AppShell user={user}>
      <PageHeader
        title="Operations"
        actions={
          <RefreshButton onClick={refreshAll} disabled={status.refreshing || list.refreshing} />
        }
      >
        Whether Firebreak&rsquo;s dependencies answer, the work waiting for them, and the jobs that
        ran out of attempts. A dead letter loses nothing: its work waits until the job is retried.
      </PageHeader>

      <StatusHeader read={status} intervalSeconds={REFRESH_SECONDS} />

      <section className="ops-section" aria-labelledby="dead-letters-title">
        <div className="ops-section-head">
          <h2 className="ops-section-title" id="dead-letters-title">
            Dead letters
          </h2>
          <FilterBar label="Filter dead letters" className="ops-filters">
            <FilterSelect
              label="Queue"
              value={queue}
              all="All queues"
              options={QUEUE_NAMES}
              onChange={(value) => filterBy({ queue: value })}
              testId="dead-letters-queue"
            />
            <Button
              variant="primary"
              onClick={() => void retry('all')}
              disabled={retrying !== null || rows.length === 0}
              data-testid="dead-letters-retry-all"
            >
              <RefreshIcon />
              {retrying === 'all' ? 'Retrying…' : queue ? `Retry all in ${queue}` : 'Retry all'}
            </Button>
          </FilterBar>
        </div>

        {outcome && (
          <Notice
            tone={outcome.tone}
            actions={
              <Button
                size="sm"
                variant="ghost"
                aria-label="Dismiss"
                onClick={() => setOutcome(null)}
              >
                <CloseIcon size={12} />
              </Button>
            }
          >
            <span data-testid="ops-retry-outcome">{outcome.text}</span>
          </Notice>
        )}

        <ListCard
          list={{ state: rowsState, reload: list.refresh }}
          what="the dead letters"
          columns={DEAD_LETTER_COLUMNS}
          caption={caption(rows.length, list.data?.total ?? rows.length, queue, list.readAt)}
          className="table-dead-letters"
          testId="dead-letters"
          empty={
            <Panel title={queue ? `No dead letters in ${queue}` : 'No dead letters'}>
              <p data-testid="dead-letters-empty">
                Every job finished or is still being retried: none waits for an admin.
              </p>
            </Panel>
          }
        >
          {(d) => (
            <DeadLetterRow
              key={deadLetterKey(d)}
              row={d}
              retrying={retrying}
              onRetry={(row) => void retry(row)}
            />
          )}
        </ListCard>
      </section>
    </AppShell>
  )
}

function caption(
  shown: number,
  total: number,
  queue: QueueName | undefined,
  readAt: number | null,
): string {
  const what = `${integer(shown)} dead letter${shown === 1 ? '' : 's'}${queue ? ` in ${queue}` : ''}`
  const all = queue || shown < total ? ` · ${integer(total)} in every queue` : ''
  const when = readAt === null ? '' : ` · read at ${clockTime(readAt, { seconds: true })}`
  return `${what}${all}${when}, newest first`
}
