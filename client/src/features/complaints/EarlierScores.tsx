import { useState } from 'react'
import type { ComplaintScores } from '../../../../shared/schemas/scoring-config.js'
import { api } from '../../lib/api.js'
import { toApiError, type ApiError } from '../../lib/http.js'
import { absoluteTime } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { TableHead } from '../../ui/DataTable.js'

const VERSION_COLUMNS = [
  'Version',
  { label: 'Priority when scored', className: 'num' },
  'Why',
  'Scored',
]

type LoadState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; data: ComplaintScores }
  | { status: 'error'; error: ApiError }

/**
 * A complaint's lead post under every scoring version that scored it: old scores are kept, so
 * anyone can see how a version change moved it. Loaded on demand.
 */
export function EarlierScores({ complaintId }: { complaintId: string }) {
  const [state, setState] = useState<LoadState>({ status: 'idle' })
  const load = () => {
    setState({ status: 'loading' })
    api.complaintScores(complaintId).then(
      (data) => setState({ status: 'ready', data }),
      (err: unknown) => setState({ status: 'error', error: toApiError(err) }),
    )
  }
  if (state.status === 'idle' || state.status === 'loading')
    return (
      <Button
        size="sm"
        variant="ghost"
        onClick={load}
        disabled={state.status === 'loading'}
        data-testid="earlier-scores"
      >
        {state.status === 'loading' ? 'Loading…' : 'Scores under every version'}
      </Button>
    )
  if (state.status === 'error') return <p className="explain-empty">{state.error.message}</p>
  const scores = state.data
  const latest = new Map(scores.data.map((s) => [s.version, s.revision]))
  return (
    <table className="factors versions" data-testid="earlier-scores-table">
      <caption className="visually-hidden">This complaint under every scoring version</caption>
      <TableHead columns={VERSION_COLUMNS} />
      <tbody>
        {scores.data.map((s) => (
          <tr key={`${s.version}-${s.revision}`}>
            <th scope="row">
              <code>{s.version}</code>
              {s.revision > 0 && ` (rescored ${s.revision}x as the thread grew)`}
              {s.version === scores.scoringVersion &&
                latest.get(s.version) === s.revision &&
                ' (ranks it now)'}
            </th>
            <td className="num">{s.priority.toFixed(1)}</td>
            <td className="factor-note">
              <bdi>
                {s.explanation.factors
                  .filter((f) => f.contribution > 0)
                  .map((f) => `${f.label} +${f.contribution.toFixed(1)}`)
                  .join(', ') || 'nothing raised it'}
              </bdi>
            </td>
            <td>
              <time dateTime={s.createdAt}>{absoluteTime(s.createdAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
