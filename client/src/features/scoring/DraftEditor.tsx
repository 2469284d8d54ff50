import { useState, type FormEvent } from 'react'
import {
  FACTOR_KEYS,
  REACH_MEASURES,
  ScoringConfigSchema,
  maxBase,
  type ReachMeasure,
  type ScoringConfig,
  type ScoringVersionView,
} from '../../../../shared/schemas/scoring-config.js'
import { api, toApiError } from '../../lib/api.js'
import { Button } from '../../ui/Button.js'
import { Notice } from '../../ui/Notice.js'

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
  const [message, setMessage] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    let parsedCues: unknown
    try {
      parsedCues = JSON.parse(cues)
    } catch {
      setMessage({ tone: 'danger', text: 'Escalation cues are not valid JSON.' })
      return
    }
    const checked = ScoringConfigSchema.safeParse({ ...config, cues: parsedCues })
    if (!checked.success) {
      setMessage({
        tone: 'danger',
        text: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      })
      return
    }
    setBusy(true)
    try {
      const draft = await api.saveScoringDraft(checked.data)
      setMessage({
        tone: 'success',
        text: `Saved as draft ${draft.key}. Preview it, then publish.`,
      })
      onSaved(draft)
    } catch (err) {
      const error = toApiError(err)
      const issues = error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')
      setMessage({ tone: 'danger', text: issues || error.message })
    } finally {
      setBusy(false)
    }
  }

  const setWeight = (key: (typeof FACTOR_KEYS)[number], value: number) =>
    setConfig((c) => ({ ...c, weights: { ...c.weights, [key]: value } }))

  return (
    <form
      className="card form"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="draft-editor"
    >
      <h2 className="card-title">
        {base.status === 'draft' ? `Edit draft ${base.key}` : `Propose a change to ${base.key}`}
      </h2>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <fieldset className="weights" disabled={busy}>
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
      <fieldset className="weights" disabled={busy}>
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
      <label className="field-label" htmlFor="cues">
        Escalation cues (JSON: key, label, pattern as a case-insensitive regular expression,
        severity 0..1)
      </label>
      <textarea
        id="cues"
        className="input cues"
        rows={8}
        value={cues}
        onChange={(e) => setCues(e.target.value)}
        spellCheck={false}
        disabled={busy}
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={busy} data-testid="draft-save">
          {busy ? 'Saving…' : 'Save draft'}
        </Button>
      </div>
    </form>
  )
}
