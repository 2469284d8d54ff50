import type { ApiError } from '../../lib/api.js'
import './ErrorDetails.css'

/** What failed, in words, with the code and request id to quote when reporting it. */
export function ErrorDetails({ error }: { error: ApiError }) {
  return (
    <>
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
    </>
  )
}
