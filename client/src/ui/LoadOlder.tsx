import type { ApiError } from '../lib/api.js'
import { integer } from '../lib/format.js'
import { Button } from './Button.js'
import './LoadOlder.css'

/** The foot of a newest-first list: load the next, older page, or say it is the beginning. */
export function LoadOlder({
  hasMore,
  loading,
  error,
  onLoad,
  shown,
  noun,
}: {
  hasMore: boolean
  loading: boolean
  error: ApiError | null
  onLoad: () => void
  shown: number
  noun: string
}) {
  return (
    <div className="load-older">
      <span className="muted">
        {integer(shown)} {noun}
        {shown === 1 ? '' : 's'} shown{hasMore ? '' : ' · the beginning'}
      </span>
      {error && (
        <span className="load-older-error" role="alert">
          {error.message}
        </span>
      )}
      {hasMore && (
        <Button size="sm" onClick={onLoad} disabled={loading} data-testid="load-older">
          {loading ? 'Loading…' : error ? 'Try again' : 'Load older'}
        </Button>
      )}
    </div>
  )
}
