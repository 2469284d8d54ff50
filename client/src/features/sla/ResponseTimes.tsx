import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import { absoluteTime } from '../../lib/format.js'
import { formatDuration } from './duration.js'
import './sla.css'

/** A thread's response times from its arrival: first answer and resolution, or "not yet". */
export function ResponseTimes({ complaint: c }: { complaint: ComplaintView }) {
  const t = c.responseTimes
  return (
    <dl className="response-times" data-testid="response-times">
      <div>
        <dt>First response</dt>
        <dd title={t.firstResponseAt ? absoluteTime(t.firstResponseAt) : undefined}>
          {t.firstResponseSeconds === null
            ? 'not yet'
            : `after ${formatDuration(t.firstResponseSeconds * 1000)}`}
        </dd>
      </div>
      <div>
        <dt>Resolved</dt>
        <dd title={t.resolvedAt ? absoluteTime(t.resolvedAt) : undefined}>
          {t.resolutionSeconds === null
            ? 'not yet'
            : `after ${formatDuration(t.resolutionSeconds * 1000)}`}
        </dd>
      </div>
    </dl>
  )
}
