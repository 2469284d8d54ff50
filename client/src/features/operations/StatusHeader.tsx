import {
  DEPENDENCIES,
  DEPENDENCY_LABELS,
  type Dependency,
  type DependencyState,
  type OperationsStatus,
} from '../../../../shared/schemas/operations.js'
import { api } from '../../lib/api.js'
import { isAbortError, toApiError, type ApiError } from '../../lib/http.js'
import { absoluteTime, clockTime, integer } from '../../lib/format.js'
import type { Polled } from '../../lib/usePolled.js'
import { cx } from '../../ui/css.js'
import { Notice } from '../../ui/Notice.js'

/** The status, and why the API could not give it when the public health probe had to. */
export interface StatusRead {
  status: OperationsStatus
  apiError: ApiError | null
}

/**
 * Reads the status from the API, or, when the API cannot answer (a Redis outage fails every
 * signed-in request, since sessions live there), from `/healthz`, which needs no session.
 * Fails with the API's error when neither answers.
 */
export async function readStatus(signal: AbortSignal): Promise<StatusRead> {
  try {
    return { status: await api.operations(signal), apiError: null }
  } catch (err) {
    if (signal.aborted || isAbortError(err)) throw err
    const apiError = toApiError(err)
    try {
      return { status: await api.health(signal), apiError }
    } catch (healthErr) {
      if (signal.aborted || isAbortError(healthErr)) throw healthErr
      throw apiError
    }
  }
}

/**
 * How this Firebreak is, in one card: each dependency up or down (since when, and why), then
 * the work that waits. A count that needs a dependency that is away says so instead of a
 * number. When the API itself cannot answer, the last answer stays, dimmed, under the error.
 */
export function StatusHeader({
  read,
  intervalSeconds,
}: {
  read: Polled<StatusRead>
  intervalSeconds: number
}) {
  const { error, readAt } = read
  const data = read.data?.status ?? null
  // A session that ended is the sign-in dialog's to say; the health check's answer stands.
  const apiError = error ?? (read.data?.apiError?.status === 401 ? null : read.data?.apiError)
  return (
    <section className="ops-status-wrap" aria-label="Status" data-testid="ops-status">
      {apiError && (
        <StatusError
          error={apiError}
          // Neither answered this time: what is shown is the last answer.
          stale={!!error}
          readAt={readAt}
          intervalSeconds={intervalSeconds}
        />
      )}
      {data ? (
        <div className={cx('ops-status', error && 'is-stale')}>
          <ul className="ops-deps">
            {DEPENDENCIES.map((d) => (
              <DependencyLine key={d} dependency={d} state={data.dependencies[d]} />
            ))}
          </ul>
          <dl className="ops-counts">
            <Count
              label="Dead letters"
              value={data.deadLetters}
              away="redis"
              testId="ops-dead-letter-count"
              hint="Jobs that ran out of attempts, in every queue"
            />
            <Count
              label="Outbox work pending"
              value={data.outbox.pending}
              away="postgres"
              testId="ops-outbox-pending"
              hint="Outbox rows whose work is not done yet"
            />
            <Count
              label="Lost jobs re-queued"
              value={data.outbox.redispatched}
              away="redis"
              testId="ops-redispatched"
              hint="Outbox rows whose job was lost, added to the queue again under a fresh job id (by every process, since Redis last lost its data)"
            />
          </dl>
        </div>
      ) : (
        !error && (
          <div className="ops-status is-loading" aria-busy="true">
            Reading the status…
          </div>
        )
      )}
      <p className="ops-read-at muted" data-testid="ops-read-at">
        {readAt === null
          ? `Refreshes every ${intervalSeconds} s.`
          : `Read at ${clockTime(readAt, { seconds: true })} · refreshes every ${intervalSeconds} s.`}
      </p>
    </section>
  )
}

function StatusError({
  error,
  stale,
  readAt,
  intervalSeconds,
}: {
  error: ApiError
  stale: boolean
  readAt: number | null
  intervalSeconds: number
}) {
  const shown = !stale
    ? 'Below is what its public health check (/healthz) says'
    : readAt !== null
      ? `Below is what it said at ${clockTime(readAt, { seconds: true })}`
      : 'Nothing was read yet'
  return (
    <Notice tone="danger" className="ops-status-error">
      <span data-testid="ops-status-error">
        <strong>Firebreak&rsquo;s API could not read the status:</strong>{' '}
        {error.message.replace(/[.\s]+$/, '')}
        {error.status > 0 ? ` (HTTP ${error.status})` : ''}. {shown}; trying again every{' '}
        {intervalSeconds} s.
      </span>
    </Notice>
  )
}

function DependencyLine({ dependency, state }: { dependency: Dependency; state: DependencyState }) {
  return (
    <li
      className={cx('ops-dep', state.up ? 'is-up' : 'is-down')}
      data-testid={`ops-dep-${dependency}`}
      data-up={state.up}
    >
      <span className="ops-dep-head">
        <span className="ops-dot" aria-hidden="true" />
        <strong className="ops-dep-name">{DEPENDENCY_LABELS[dependency]}</strong>
        <span className="ops-dep-state">
          {state.up ? 'up' : 'down'} since{' '}
          <time dateTime={state.since} title={absoluteTime(state.since)}>
            {clockTime(state.since)}
          </time>
        </span>
      </span>
      {!state.up && state.error && (
        <span className="ops-dep-cause" title={state.error}>
          {state.error}
        </span>
      )}
    </li>
  )
}

function Count({
  label,
  value,
  away,
  hint,
  testId,
}: {
  label: string
  value: number | null
  /** The dependency that holds the count, named when it cannot be read. */
  away: Dependency | null
  hint: string
  testId: string
}) {
  return (
    <div className="ops-count" title={hint}>
      <dt>{label}</dt>
      <dd data-testid={testId}>
        {value === null ? (
          <span className="ops-unknown">
            unknown while {away ? DEPENDENCY_LABELS[away] : 'it'} is away
          </span>
        ) : (
          integer(value)
        )}
      </dd>
    </div>
  )
}
