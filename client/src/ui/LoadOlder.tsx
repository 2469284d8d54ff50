import { integer } from '../lib/format.js'
import type { OlderRows } from '../lib/useResource.js'
import { Button } from './Button.js'
import './LoadOlder.css'

/** The foot of a newest-first list: load the next, older page, or say it is the beginning. */
export function LoadOlder({
  more,
  shown,
  noun,
}: {
  more: OlderRows
  shown: number
  /** What a row is, for the count: "event" (an s is added). */
  noun: string
}) {
  return (
    <div className="load-older">
      <span className="muted">
        {integer(shown)} {noun}
        {shown === 1 ? '' : 's'} shown{more.hasMore ? '' : ' · the beginning'}
      </span>
      {more.error && (
        <span className="load-older-error" role="alert">
          {more.error.message}
        </span>
      )}
      {more.hasMore && (
        <Button size="sm" onClick={more.load} disabled={more.loading} data-testid="load-older">
          {more.loading ? 'Loading…' : more.error ? 'Try again' : 'Load older'}
        </Button>
      )}
    </div>
  )
}
