import { useId, useState } from 'react'
import { Button } from '../../ui/Button.js'
import { cx } from '../../ui/css.js'
import { CloseIcon } from '../../ui/icons.js'
import { useNow } from '../../ui/useNow.js'
import { setRange } from './inboxUrl.js'
import {
  checkRange,
  describeRange,
  presetOf,
  RANGE_PRESETS,
  toLocalInput,
  type RangePreset,
} from './timeRange.js'
import './TimeRangeFilter.css'

/**
 * The time window of the complaints: those with a complaint post written in it (an alert's
 * "open the queue filtered to this" sets one). A preset, or a custom range typed as local
 * times. Like every filter it lives in the address; a custom one shows as a chip that edits it.
 */
export function TimeRangeFilter({ from, to }: { from?: string; to?: string }) {
  const [editing, setEditing] = useState(false)
  // A minute's clock: enough to tell a preset from the fixed range it turns into.
  const now = useNow(60_000)
  const preset = presetOf(from, to, now)
  const custom = !preset && !!(from || to)
  return (
    <>
      <label className={cx('filter', (from || to) && 'is-set')}>
        <span className="visually-hidden">Active</span>
        <select
          value={editing || custom ? 'custom' : (preset ?? '')}
          onChange={(e) => {
            const choice = e.target.value
            if (choice === 'custom') return setEditing(true)
            setEditing(false)
            const p = RANGE_PRESETS[choice as RangePreset]
            setRange(p ? new Date(Date.now() - p.ms).toISOString() : null, null)
          }}
          data-testid="range-select"
        >
          <option value="">Active: any time</option>
          {Object.entries(RANGE_PRESETS).map(([key, p]) => (
            <option key={key} value={key}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
      </label>
      {custom && !editing && (
        <span className="range-chip" data-testid="range-chip">
          <button
            type="button"
            className="range-chip-edit"
            title="Change the time range"
            onClick={() => setEditing(true)}
          >
            Active {describeRange(from, to, new Date(now))}
          </button>
          <button
            type="button"
            className="range-chip-clear"
            aria-label="Clear the time range"
            onClick={() => setRange(null, null)}
          >
            <CloseIcon />
          </button>
        </span>
      )}
      {editing && <RangeEditor from={from} to={to} onClose={() => setEditing(false)} />}
    </>
  )
}

/** Two local date-times and Apply; what is wrong is said in place, and nothing is applied. */
function RangeEditor({ from, to, onClose }: { from?: string; to?: string; onClose: () => void }) {
  const id = useId()
  const [fromInput, setFromInput] = useState(() => toLocalInput(from))
  const [toInput, setToInput] = useState(() => toLocalInput(to))
  const [error, setError] = useState<string | null>(null)
  const field = (label: string, value: string, onChange: (v: string) => void, key: string) => (
    <div className="range-field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="datetime-local"
        className="input"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          onChange(e.target.value)
          setError(null)
        }}
        data-testid={`range-${key}`}
      />
    </div>
  )
  return (
    <form
      className="range-editor"
      aria-label="Custom time range"
      onSubmit={(e) => {
        e.preventDefault()
        const checked = checkRange(fromInput, toInput)
        if (!checked.ok) return setError(checked.error)
        setRange(checked.from, checked.to)
        onClose()
      }}
      onKeyDown={(e) => {
        // Escape closes this form only, not the open thread behind it.
        if (e.key !== 'Escape') return
        e.stopPropagation()
        onClose()
      }}
    >
      {field('From', fromInput, setFromInput, 'from')}
      {field('To', toInput, setToInput, 'to')}
      <div className="range-actions">
        <Button type="submit" variant="primary" size="sm">
          Apply
        </Button>
        <Button size="sm" onClick={onClose}>
          Cancel
        </Button>
      </div>
      {error && (
        <p className="range-error" id={`${id}-error`} role="alert" data-testid="range-error">
          {error}
        </p>
      )}
    </form>
  )
}
