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
import { Field } from '../../ui/Field.js'
import { FormActions } from '../../ui/FormActions.js'
import { Notice } from '../../ui/Notice.js'
import { useForm } from '../../ui/useForm.js'

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

/** The cues as typed, read as JSON; undefined when they are not (the check below says so). */
function readCues(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Every issue in one line: the inputs are not one field each, so the message names the path. */
const inOneLine = (issues: readonly Issue[]) =>
  issues.length ? { '': issues.map((i) => `${i.path}: ${i.message}`).join('; ') } : {}

/**
 * Proposes a configuration: weights, targets and escalation cues (as JSON). Saving creates the
 * draft version or replaces the open draft; the server refuses one that loses fairness.
 */
export function DraftEditor({
  base,
  onSaved,
}: {
  base: ScoringVersionView
  onSaved: (draft: ScoringVersionView) => void
}) {
  const [config, setConfig] = useState<ScoringConfig>(base.config)
  const [cues, setCues] = useState(() => JSON.stringify(base.config.cues, null, 2))
  const [saved, setSaved] = useState<string | null>(null)
  const parsedCues = readCues(cues)
  const form = useForm({
    schema: ScoringConfigSchema,
    value: { ...config, cues: parsedCues },
    fields: inOneLine,
    check: () => (parsedCues === undefined ? { '': 'Escalation cues are not valid JSON.' } : {}),
    send: (next) => api.saveScoringDraft(next),
    onSent: (draft) => {
      setSaved(`Saved as draft ${draft.key}. Preview it, then publish.`)
      onSaved(draft)
    },
  })

  const setWeight = (key: (typeof FACTOR_KEYS)[number], value: number) =>
    setConfig((c) => ({ ...c, weights: { ...c.weights, [key]: value } }))

  return (
    <form className="card form" onSubmit={form.onSubmit} noValidate data-testid="draft-editor">
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
      <Field label="Escalation cues (JSON: key, label, pattern as a case-insensitive regular expression, severity 0..1)">
        {(control) => (
          <textarea
            {...control}
            className="input cues"
            rows={8}
            value={cues}
            onChange={(e) => setCues(e.target.value)}
            spellCheck={false}
            disabled={form.busy}
          />
        )}
      </Field>
      <FormActions busy={form.busy} submit="Save draft" busyText="Saving…" testId="draft-save" />
    </form>
  )
}
