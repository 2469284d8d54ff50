import { useState, type FormEvent } from 'react'
import type {
  PreviewMove,
  PreviewResult,
  ScoringVersionView,
} from '../../../../shared/schemas/scoring-config.js'
import { api } from '../../lib/api.js'
import { absoluteTime, clip, displayHandle } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { TableHead } from '../../ui/DataTable.js'
import { Notice } from '../../ui/Notice.js'
import { useAction } from '../../ui/useAction.js'

const DAY_MS = 86_400_000
const MOVE_COLUMNS = [
  'Complaint',
  { label: 'Rank', className: 'num' },
  { label: 'Priority', className: 'num' },
]
const dateInput = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * Shadow run of the draft over the brand's open complaints first seen in a chosen period: who
 * moves up or down, by how much, and what enters or leaves the top. Nothing is written.
 */
export function PreviewPanel({ draft, brandId }: { draft: ScoringVersionView; brandId: string }) {
  const [from, setFrom] = useState(() => dateInput(Date.now() - 7 * DAY_MS))
  const [to, setTo] = useState(() => dateInput(Date.now() + DAY_MS))
  const [result, setResult] = useState<PreviewResult | null>(null)
  const preview = useAction()

  const run = (e: FormEvent) => {
    e.preventDefault()
    void preview.run(async () =>
      setResult(
        await api.previewScoring(draft.id, {
          brandId,
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          top: 50,
        }),
      ),
    )
  }

  return (
    <section className="card" aria-labelledby="preview-title" data-testid="preview-panel">
      <h2 className="card-title" id="preview-title">
        Preview {draft.key}
      </h2>
      <form className="preview-form" onSubmit={run}>
        <label>
          From{' '}
          <input
            className="input"
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label>
          To{' '}
          <input className="input" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <Button type="submit" variant="primary" disabled={preview.busy} data-testid="preview-run">
          {preview.busy ? 'Running…' : 'Run shadow preview'}
        </Button>
      </form>
      {preview.failure && <Notice tone="danger">{preview.failure.message}</Notice>}
      {result && (
        <div data-testid="preview-result">
          <p className="card-text">
            {result.complaints} open complaints, each scored under <code>{result.baselineKey}</code>{' '}
            and under <code>{result.key}</code> at the same moment (
            <time dateTime={result.at}>{absoluteTime(result.at)}</time>), so only the change of
            version moves them, never the time they have waited.
          </p>
          <div className="preview-grid">
            <Moves title="Moved up" moves={result.movedUp} />
            <Moves title="Moved down" moves={result.movedDown} />
            <Moves title={`Entered the top ${result.top}`} moves={result.enteredTop} />
            <Moves title={`Left the top ${result.top}`} moves={result.leftTop} />
          </div>
        </div>
      )}
    </section>
  )
}

function Moves({ title, moves }: { title: string; moves: readonly PreviewMove[] }) {
  return (
    <div>
      <h3 className="subhead">
        {title} ({moves.length})
      </h3>
      {moves.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table className="table moves">
          <TableHead columns={MOVE_COLUMNS} />
          <tbody>
            {moves.map((m) => (
              <tr key={m.complaintId}>
                <td>
                  <bdi className="author-handle">{displayHandle(m.handle)}</bdi>{' '}
                  <bdi className="muted">{clip(m.text, 90)}</bdi>
                </td>
                <td className="num">
                  {m.before.rank} → {m.after.rank}
                </td>
                <td className="num">
                  {m.before.priority.toFixed(1)} → {m.after.priority.toFixed(1)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
