import type { SourceView } from '../../../../shared/schemas/sources.js'
import { integer } from '../../lib/format.js'
import { RelativeTime } from '../../ui/RelativeTime.js'
import { useNow } from '../../ui/useNow.js'
import { AlertIcon } from '../../ui/icons.js'
import { HEALTH_LABELS, nextPollText, shownState } from './source-health.js'

/** A source's health state as a badge, in words. */
export function HealthBadge({ source }: { source: SourceView }) {
  const state = shownState(source)
  const { label, tone, title } = HEALTH_LABELS[state]
  return (
    <span className={`status ${tone}`} data-status={state} data-testid="source-state" title={title}>
      {label}
    </span>
  )
}

/**
 * How a source is doing: when it last answered, posts in the last hour, when it is asked next,
 * and its last error (a network's own words: shown as text, never markup).
 */
export function SourceHealth({ source }: { source: SourceView }) {
  const now = useNow(5_000)
  const { health } = source
  const state = shownState(source)
  const next = nextPollText(source, now)
  // A webhook is pushed to: nothing polls it or counts its posts per hour.
  const polled = source.kind !== 'webhook'
  if (!polled && !health.lastError) return null
  return (
    <div className="source-health" data-testid="source-health">
      {polled && (
        <dl className="health-facts">
          <div>
            <dt>Last success</dt>
            <dd data-testid="health-last-success">
              {health.lastSuccessAt ? <RelativeTime iso={health.lastSuccessAt} /> : 'never'}
            </dd>
          </div>
          <div>
            <dt>Posts, last hour</dt>
            <dd data-testid="health-posts">{integer(health.postsLastHour)}</dd>
          </div>
          <div>
            <dt>Next poll</dt>
            <dd data-testid="health-next">{next ?? (state === 'paused' ? 'paused' : '—')}</dd>
          </div>
        </dl>
      )}
      {health.lastError && (
        // After a success the error is history: shown, but quietly.
        <div
          className={state === 'live' ? 'health-error health-error-past' : 'health-error'}
          data-testid="health-error"
        >
          <AlertIcon />
          <p>
            <span className="health-error-when">
              Last error
              {health.lastErrorAt && (
                <>
                  {' '}
                  <RelativeTime iso={health.lastErrorAt} />
                </>
              )}
              {health.failures > 1 && ` (${integer(health.failures)} failures in a row)`}:
            </span>{' '}
            <bdi className="health-error-text">{health.lastError}</bdi>
          </p>
        </div>
      )}
    </div>
  )
}
