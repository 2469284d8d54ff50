import { compact, integer } from '../../lib/format.js'
import { MAX_COMPLAINTS } from './feedStore.js'
import './FeedStats.css'

/** Header counts: complaints open in view and the event rate. */
export function FeedStats({
  total,
  eventsPerMinute,
  lastSeq,
}: {
  total: number
  eventsPerMinute: number
  lastSeq: number | null
}) {
  return (
    <dl className="stats">
      <div
        className="stat"
        title={`The top ${MAX_COMPLAINTS} open complaints by priority are kept live`}
      >
        <dt>Open</dt>
        <dd>{integer(total)}</dd>
      </div>
      <div className="stat" title={lastSeq === null ? undefined : `Event watermark #${lastSeq}`}>
        <dt>Events/min</dt>
        <dd>{compact(eventsPerMinute)}</dd>
      </div>
    </dl>
  )
}
