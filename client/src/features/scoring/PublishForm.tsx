import { useState, type FormEvent } from 'react'
import { PublishBody, type ScoringVersionView } from '../../../../shared/schemas/scoring-config.js'
import { api, toApiError } from '../../lib/api.js'
import { Button } from '../../ui/Button.js'
import { Notice } from '../../ui/Notice.js'

/** Publishes the draft with its changelog entry, now or at a later effective time. */
export function PublishForm({
  draft,
  onPublished,
}: {
  draft: ScoringVersionView
  onPublished: (version: ScoringVersionView) => void
}) {
  const [changelog, setChangelog] = useState('')
  const [effectiveAt, setEffectiveAt] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const body = PublishBody.safeParse({
      changelog,
      effectiveAt: effectiveAt ? new Date(effectiveAt).toISOString() : undefined,
    })
    if (!body.success) {
      setError(body.error.issues.map((i) => i.message).join('; '))
      return
    }
    setBusy(true)
    setError(null)
    try {
      onPublished(await api.publishScoring(draft.id, body.data))
    } catch (err) {
      setError(toApiError(err).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} data-testid="publish-form">
      <h2 className="card-title">Publish {draft.key}</h2>
      <p className="card-text">
        Publishing announces the version to every console, adds its scores to every stored complaint
        in the background (old scores are kept), and ranks new complaints by it from its effective
        time.
      </p>
      {error && <Notice tone="danger">{error}</Notice>}
      <label className="field-label" htmlFor="changelog">
        Changelog entry (what changed and why; shown on this page to everyone)
      </label>
      <textarea
        id="changelog"
        className="input cues"
        rows={3}
        value={changelog}
        onChange={(e) => setChangelog(e.target.value)}
        data-testid="publish-changelog"
      />
      <label className="field-label" htmlFor="effective-at">
        Effective at (empty: now)
      </label>
      <input
        id="effective-at"
        className="input input-md"
        type="datetime-local"
        value={effectiveAt}
        onChange={(e) => setEffectiveAt(e.target.value)}
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={busy} data-testid="publish-submit">
          {busy ? 'Publishing…' : `Publish ${draft.key}`}
        </Button>
      </div>
    </form>
  )
}
