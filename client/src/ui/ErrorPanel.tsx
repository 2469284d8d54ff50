import type { ApiError } from '../lib/http.js'
import { Button } from './Button.js'
import { AlertIcon } from './icons.js'
import { Panel } from './Panel.js'
import './ErrorPanel.css'

/**
 * What could not be loaded, in place of it: the failure in words, the code and request id to
 * quote when reporting it, and a Retry. Announced, since it replaces what was awaited.
 */
export function ErrorPanel({
  title,
  error,
  onRetry,
}: {
  title: string
  error: ApiError
  onRetry: () => void
}) {
  return (
    <Panel
      tone="danger"
      live
      icon={<AlertIcon size={22} />}
      title={title}
      actions={
        <Button variant="primary" onClick={onRetry}>
          Retry
        </Button>
      }
    >
      <p>
        {error.message}
        {error.transient && ' Retrying automatically.'}
      </p>
      <p className="error-meta">
        <code>{error.code}</code>
        {error.status > 0 && <> · HTTP {error.status}</>}
        {error.requestId && (
          <>
            {' '}
            · request <code>{error.requestId}</code>
          </>
        )}
      </p>
      {error.issues.length > 0 && (
        <ul className="error-issues">
          {error.issues.slice(0, 5).map((issue, i) => (
            <li key={i}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  )
}
