import { useState } from 'react'
import { PublishBody, type ScoringVersionView } from '../../../../shared/schemas/scoring-config.js'
import { api } from '../../lib/api.js'
import { Field } from '../../ui/Field.js'
import { FormActions } from '../../ui/FormActions.js'
import { Notice } from '../../ui/Notice.js'
import { useForm } from '../../ui/useForm.js'
import { ConfirmPublish } from './ConfirmPublish.js'

const FIELDS = ['changelog', 'effectiveAt'] as const

/** A datetime-local value as an instant; what cannot be read goes as typed, for the schema to refuse. */
function instant(local: string): string | undefined {
  if (!local) return undefined
  const ms = Date.parse(local)
  return Number.isNaN(ms) ? local : new Date(ms).toISOString()
}

/**
 * Publishes the draft with its changelog entry, now or at a later effective time. A publication
 * cannot be taken back, so the form only checks what was typed; the confirmation sends it.
 */
export function PublishForm({
  draft,
  current,
  onPublished,
}: {
  draft: ScoringVersionView
  /** The version in effect, which the draft replaces. */
  current: ScoringVersionView
  onPublished: (version: ScoringVersionView) => void
}) {
  const [changelog, setChangelog] = useState('')
  const [effectiveAt, setEffectiveAt] = useState('')
  const [asking, setAsking] = useState<PublishBody | null>(null)
  const form = useForm({
    schema: PublishBody,
    value: { changelog, effectiveAt: instant(effectiveAt) },
    fields: FIELDS,
    send: async (body) => setAsking(body),
  })

  return (
    <>
      <form className="card form" onSubmit={form.onSubmit} data-testid="publish-form">
        <h2 className="card-title">Publish {draft.key}</h2>
        <p className="card-text">
          Publishing announces the version to every console, adds its scores to every stored
          complaint in the background (old scores are kept), and ranks new complaints by it from its
          effective time.
        </p>
        {form.formError && <Notice tone="danger">{form.formError}</Notice>}
        <Field
          label="Changelog entry (what changed and why; shown on this page to everyone)"
          error={form.errors.changelog}
        >
          {(control) => (
            <textarea
              {...control}
              className="input cues"
              rows={3}
              value={changelog}
              onChange={(e) => setChangelog(e.target.value)}
              data-testid="publish-changelog"
            />
          )}
        </Field>
        <Field label="Effective at (empty: now)" error={form.errors.effectiveAt}>
          {(control) => (
            <input
              {...control}
              className="input input-md"
              type="datetime-local"
              value={effectiveAt}
              onChange={(e) => setEffectiveAt(e.target.value)}
            />
          )}
        </Field>
        <FormActions
          busy={form.busy}
          submit={`Publish ${draft.key}…`}
          busyText="Publishing…"
          testId="publish-submit"
        />
      </form>
      {asking && (
        <ConfirmPublish
          draft={draft}
          current={current}
          body={asking}
          onConfirm={async () => onPublished(await api.publishScoring(draft.id, asking))}
          onClose={() => setAsking(null)}
        />
      )}
    </>
  )
}
