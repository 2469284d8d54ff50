import { RelativeTime } from '../../ui/RelativeTime.js'
import type { DraftStatus } from './useDraftAutosave.js'

/** Whether what one typed is safe on the server: quiet, and only what one needs to know. */
export function DraftStatusText({ status }: { status: DraftStatus }) {
  const body =
    status.kind === 'saving' ? (
      'Saving draft…'
    ) : status.kind === 'saved' ? (
      <>
        Draft saved <RelativeTime iso={status.at} />
      </>
    ) : status.kind === 'restored' ? (
      <>
        Draft restored, saved <RelativeTime iso={status.at} />
      </>
    ) : status.kind === 'error' ? (
      `Draft not saved: ${status.message}`
    ) : null
  return (
    <span
      className={`composer-draft${status.kind === 'error' ? ' is-error' : ''}`}
      data-testid="draft-status"
      data-state={status.kind}
      aria-live="polite"
    >
      {body}
    </span>
  )
}
