import { useState } from 'react'
import {
  FACTOR_KEYS,
  REACH_MEASURES,
  ScoringConfigSchema,
  maxBase,
  type ReachMeasure,
  type ScoringConfig,
  type ScoringVersionView,
} from '../../../../shared/schemas/scoring-config.js'
import type { Issue } from '../../../../shared/errors.js'
import { api } from '../../lib/api.js'
import { friendly, type FieldErrors } from '../../lib/issues.js'
import { FormActions } from '../../ui/FormActions.js'
import { Notice } from '../../ui/Notice.js'
import { useForm } from '../../ui/useForm.js'
import { CueEditor } from './CueEditor.js'
import { cueRowProblems, toCue, toCueRows } from './cue-rows.js'

const REACH_MEASURE_LABELS: Record<ReachMeasure, string> = {
  percentile: 'Percentile on network',
  log_followers: 'Log followers',
}

const NUMBERS = [
  ['responseTargetHours', 'Response target (hours)'],
  ['reachCeiling', 'Reach full at (followers)'],
  ['engagementCeiling', 'Engagement full at (interactions)'],
  ['velocityCeilingPerHour', 'Velocity full at (per hour)'],
  ['recencyHalfLifeHours', 'Recency half-life (hours)'],
] as const

const CUES_TO_FIX = 'Some escalation cues need fixing (marked below).'

/**
 * Every issue of a save in one line, naming where: the inputs are not one field each. A cue's
 * problem is marked in its row too, as it is typed (CueEditor, with the validator the server
 * runs); the line names the cue by its place, for a problem only the server found.
 */
function inOneLine(issues: readonly Issue[]): FieldErrors {
  const lines = issues.map((issue) => {
    const path = issue.path.replace(/^config\./, '')
    const cue = /^cues\.(\d+)\.(\w+)$/.exec(path)
    return cue
      ? `escalation cue ${Number(cue[1]) + 1}, ${cue[2]}: ${friendly(issue.message)}`
      : `${path}: ${issue.message}`
  })
  return lines.length ? { '': [...new Set(lines)].join('; ') } : {}
}

/**
 * Proposes a configuration: weights, targets and escalation cues (a row each). Saving creates
 * the draft version or replaces the open draft; the server refuses one that loses fairness.
 */
export function DraftEditor({
  base,
  onSaved,
}: {
  base: ScoringVersionView
  onSaved: (draft: ScoringVersionView) => void
}) {
  const [config, setConfig] = useState<ScoringConfig>(base.config)
  const [cueRows, setCueRows] = useState(() => toCueRows(base.config.cues))
  const [submitted, setSubmitted] = useState(false)
  const [saved, setSaved] = useState<string | null>(null)
  const form = useForm({
    schema: ScoringConfigSchema,
    value: { ...config, cues: cueRows.map(toCue) },
    fields: inOneLine,
    // The schema does not see a key used twice; the rows say which.
    check: () => (cueRows.some((r) => cueRowProblems(r, cueRows).key) ? { '': CUES_TO_FIX } : {}),
    send: (next) => api.saveScoringDraft(next),
    onSent: (draft) => {
      setSaved(`Saved as draft ${draft.key}. Preview it, then publish.`)
      onSaved(draft)
    },
  })

  const setWeight = (key: (typeof FACTOR_KEYS)[number], value: number) =>
    setConfig((c) => ({ ...c, weights: { ...c.weights, [key]: value } }))

  return (
    <form
      className="card form"
      onSubmit={(e) => {
        setSubmitted(true)
        form.onSubmit(e)
      }}
      noValidate
      data-testid="draft-editor"
    >
      <h2 className="card-title">
        {base.status === 'draft' ? `Edit draft ${base.key}` : `Propose a change to ${base.key}`}
      </h2>
      {form.formError ? (
        <Notice tone="danger">{form.formError}</Notice>
      ) : (
        saved && <Notice tone="success">{saved}</Notice>
      )}
      <fieldset className="weights" disabled={form.busy}>
        <legend>Weights (the most each factor adds)</legend>
        {FACTOR_KEYS.map((key) => (
          <label key={key} className="weight">
            <span>{key}</span>
            <input
              className="input"
              type="number"
              min={0}
              max={1000}
              step="any"
              value={config.weights[key]}
              onChange={(e) => setWeight(key, Number(e.target.value))}
              data-testid={`weight-${key}`}
            />
          </label>
        ))}
      </fieldset>
      <p className="muted">
        A fresh complaint can score at most {maxBase(config)}; waiting must add more than that at
        the response target ({config.weights.waiting} now), or fairness is lost.
      </p>
      <fieldset className="weights" disabled={form.busy}>
        <legend>Scales and targets</legend>
        <label className="weight">
          <span>Reach measure</span>
          <select
            className="input"
            value={config.reachMeasure}
            onChange={(e) =>
              setConfig((c) => ({ ...c, reachMeasure: e.target.value as ReachMeasure }))
            }
            data-testid="reach-measure"
          >
            {REACH_MEASURES.map((m) => (
              <option key={m} value={m}>
                {REACH_MEASURE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        {NUMBERS.map(([key, label]) => (
          <label key={key} className="weight">
            <span>{label}</span>
            <input
              className="input"
              type="number"
              step="any"
              value={config[key]}
              onChange={(e) => setConfig((c) => ({ ...c, [key]: Number(e.target.value) }))}
            />
          </label>
        ))}
      </fieldset>
      <CueEditor rows={cueRows} onChange={setCueRows} disabled={form.busy} submitted={submitted} />
      <FormActions busy={form.busy} submit="Save draft" busyText="Saving…" testId="draft-save" />
    </form>
  )
}
