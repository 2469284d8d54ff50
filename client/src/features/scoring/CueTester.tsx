import { useId, useMemo, useState } from 'react'
import { findCueMatches, type CueMatch } from '../../../../shared/scoring/cue-pattern.js'
import { cueRowProblems, type CueRow } from './cue-rows.js'

interface Tried {
  row: CueRow
  name: string
  /** Null when the pattern cannot be tried (its row says why). */
  matches: CueMatch[] | null
}

/**
 * Tries the cues as they stand in the form (saved or not) on a text typed here: which match,
 * what each matched, highlighted in the text. Nothing is sent. The text and what matched are
 * rendered as text, never as HTML: a sample is as hostile as the posts it stands for.
 */
export function CueTester({ rows }: { rows: readonly CueRow[] }) {
  const [sample, setSample] = useState('')
  const id = useId()
  const tried = useMemo<Tried[]>(
    () =>
      rows.map((row, i) => ({
        row,
        name: row.label.trim() || row.key.trim() || `Cue ${i + 1}`,
        matches:
          row.pattern && !cueRowProblems(row, rows).pattern
            ? findCueMatches(row.pattern, sample)
            : null,
      })),
    [rows, sample],
  )
  const hits = tried.filter((t) => t.matches?.length)
  const strongest = hits.reduce<Tried | null>(
    (best, t) => (!best || Number(t.row.severity) > Number(best.row.severity) ? t : best),
    null,
  )

  return (
    <div className="cue-tester" data-testid="cue-tester">
      <label className="field-label" htmlFor={id}>
        Try the cues on a post
      </label>
      <textarea
        id={id}
        className="input cues"
        rows={3}
        maxLength={2000}
        placeholder="Type or paste a post: the cues above are tried on it as you type."
        value={sample}
        onChange={(e) => setSample(e.target.value)}
        data-testid="cue-sample"
      />
      {sample.trim() && (
        <>
          <p className="cue-sample" dir="auto" data-testid="cue-sample-marked">
            <MarkedText text={sample} tried={hits} />
          </p>
          <p className="cue-verdict" aria-live="polite" data-testid="cue-verdict">
            {strongest
              ? `Escalates: ${hits.length} of ${rows.length} cues match; the strongest, ${strongest.name}, sets the escalation input to ${Number(strongest.row.severity)}.`
              : 'No cue matches: this post does not escalate.'}
          </p>
          <ul className="cue-results">
            {tried.map((t) => (
              <li
                key={t.row.id}
                data-testid="cue-result"
                data-matched={t.matches?.length ? 'true' : 'false'}
              >
                <strong>
                  <bdi>{t.name}</bdi>
                </strong>
                {': '}
                {t.matches === null ? (
                  <span className="muted">not tried (fix its pattern)</span>
                ) : t.matches.length === 0 ? (
                  <span className="muted">no match</span>
                ) : (
                  <>
                    matched{' '}
                    {t.matches.map((m, i) => (
                      <span key={m.start}>
                        {i > 0 && ', '}
                        <mark className="cue-hit">
                          <bdi>{sample.slice(m.start, m.end)}</bdi>
                        </mark>
                      </span>
                    ))}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

/** The text with every stretch some cue matched marked, and which cues in its title. */
function MarkedText({ text, tried }: { text: string; tried: readonly Tried[] }) {
  const cuts = new Set([0, text.length])
  for (const t of tried) for (const m of t.matches ?? []) cuts.add(m.start).add(m.end)
  const edges = [...cuts].sort((a, b) => a - b)
  return edges.slice(1).map((end, i) => {
    const start = edges[i]!
    const part = text.slice(start, end)
    const by = tried.filter((t) => t.matches?.some((m) => m.start <= start && end <= m.end))
    return by.length ? (
      <mark key={start} className="cue-hit" title={by.map((t) => t.name).join(', ')}>
        {part}
      </mark>
    ) : (
      <span key={start}>{part}</span>
    )
  })
}
