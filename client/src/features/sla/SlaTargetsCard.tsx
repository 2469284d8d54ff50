import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import {
  PRIORITY_BAND_TEXT,
  PRIORITY_BANDS,
  SlaTargetsSchema,
  type PriorityBand,
  type SlaTargets,
} from '../../../../shared/sla.js'
import { toIssues } from '../../../../shared/errors.js'
import { friendly } from '../../lib/issues.js'
import { toApiError } from '../../lib/http.js'
import { Button } from '../../ui/Button.js'
import { Notice } from '../../ui/Notice.js'
import { useAction } from '../../ui/useAction.js'
import { formatDuration } from './duration.js'
import { slaApi } from './slaApi.js'
import './sla.css'

type Key = 'firstMinutes' | 'nextMinutes'
type Draft = Record<PriorityBand, Record<Key, string>>

const KEYS: Array<[Key, string]> = [
  ['firstMinutes', 'First response'],
  ['nextMinutes', 'Next response'],
]

const draftOf = (t: SlaTargets): Draft =>
  Object.fromEntries(
    PRIORITY_BANDS.map((b) => [
      b,
      { firstMinutes: String(t[b].firstMinutes), nextMinutes: String(t[b].nextMinutes) },
    ]),
  ) as Draft

const valueOf = (d: Draft) =>
  Object.fromEntries(
    PRIORITY_BANDS.map((b) => [
      b,
      { firstMinutes: Number(d[b].firstMinutes), nextMinutes: Number(d[b].nextMinutes) },
    ]),
  )

/**
 * A brand's response targets per priority band, in minutes: how soon the first answer to a
 * complaint is due, and the next one once its author posts again. Advisers and admins change
 * them (audited); the same shared schema checks them here and on the server.
 */
export function SlaTargetsCard({ brandId, canManage }: { brandId: string; canManage: boolean }) {
  const client = useQueryClient()
  const key = ['sla-targets', brandId] as const
  const current = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => slaApi.targets(brandId, signal),
  })
  // The person's edits; until they type, the targets as stored.
  const [edits, setDraft] = useState<Draft | null>(null)
  const draft = edits ?? (current.data ? draftOf(current.data.targets) : null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saved, setSaved] = useState(false)
  const save = useAction()

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    if (!draft) return
    setSaved(false)
    const parsed = SlaTargetsSchema.safeParse(valueOf(draft))
    if (!parsed.success) {
      setErrors(byPath(toIssues(parsed.error)))
      return
    }
    setErrors({})
    void save.run(async () => {
      try {
        client.setQueryData(key, await slaApi.putTargets(brandId, parsed.data))
        setDraft(null)
        setSaved(true)
      } catch (err) {
        const apiError = toApiError(err)
        setErrors(
          byPath(apiError.issues.map((i) => ({ ...i, path: i.path.replace(/^targets\./, '') }))),
        )
        throw err
      }
    })
  }

  return (
    <section
      className="card settings sla-targets"
      aria-labelledby="sla-title"
      data-testid="sla-targets"
    >
      <h2 className="card-title" id="sla-title">
        Response targets
      </h2>
      <p className="card-text">
        How soon a complaint gets its first answer, and the next one once its author posts again, by
        priority band (the priority without waiting). Every open complaint shows the time left; a
        missed target notifies its owner and the advisers once.
        {current.data?.isDefault && ' These are Firebreak’s defaults until you save your own.'}
      </p>
      {current.error && <Notice tone="danger">{toApiError(current.error).message}</Notice>}
      {save.failure && <Notice tone="danger">{save.failure.message}</Notice>}
      {saved && <Notice tone="success">Saved. Deadlines follow the new targets now.</Notice>}
      {draft && (
        <form onSubmit={submit} noValidate>
          <fieldset disabled={!canManage || save.busy}>
            <legend className="visually-hidden">Targets in minutes</legend>
            <table>
              <thead>
                <tr>
                  <th scope="col">Band</th>
                  {KEYS.map(([k, label]) => (
                    <th scope="col" key={k}>
                      {label} (minutes)
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {PRIORITY_BANDS.map((band) => (
                  <tr key={band}>
                    <th scope="row">{PRIORITY_BAND_TEXT[band]}</th>
                    {KEYS.map(([k, label]) => {
                      const id = `sla-${band}-${k}`
                      const error = errors[`${band}.${k}`]
                      const minutes = Number(draft[band][k])
                      return (
                        <td key={k}>
                          <input
                            id={id}
                            className="input"
                            type="number"
                            min={15}
                            step={1}
                            inputMode="numeric"
                            aria-label={`${PRIORITY_BAND_TEXT[band]}: ${label}, minutes`}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? `${id}-error` : `${id}-hint`}
                            value={draft[band][k]}
                            onChange={(e) => {
                              setSaved(false)
                              setDraft({
                                ...draft,
                                [band]: { ...draft[band], [k]: e.target.value },
                              })
                            }}
                            data-testid={id}
                          />
                          {error ? (
                            <span className="field-error" id={`${id}-error`}>
                              {friendly(error)}
                            </span>
                          ) : (
                            <span className="muted" id={`${id}-hint`}>
                              {' '}
                              {Number.isFinite(minutes) && minutes > 0
                                ? formatDuration(minutes * 60_000)
                                : ''}
                            </span>
                          )}
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
          {canManage && (
            <Button type="submit" variant="primary" disabled={save.busy} data-testid="sla-save">
              {save.busy ? 'Saving…' : 'Save targets'}
            </Button>
          )}
        </form>
      )}
    </section>
  )
}

/** Issues by their path inside the targets (`critical.firstMinutes`), the first of each. */
function byPath(issues: Array<{ path: string; message: string }>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of issues) out[issue.path] ??= issue.message
  return out
}
