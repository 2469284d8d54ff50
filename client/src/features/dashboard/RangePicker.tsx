import { useState } from 'react'
import { TREND_RANGES } from '../../../../shared/schemas/trends.js'
import { Button } from '../../ui/Button.js'
import { Switch } from '../../ui/Switch.js'
import { RANGE_TEXT, setDashboardRange, type DashboardRange } from './dashboardRange.js'

/** `datetime-local` wants local time without a zone: "2026-08-25T10:00". */
const toLocalInput = (iso: string | undefined) => {
  if (!iso) return ''
  const d = new Date(iso)
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : '')

/**
 * The period the dashboard shows: the last 24 hours, 7 or 30 days, or a custom span, and
 * whether to compare with the period just before. All of it lives in the address bar.
 */
export function RangePicker({ range }: { range: DashboardRange }) {
  const [custom, setCustom] = useState(range.range === 'custom')
  const [from, setFrom] = useState(toLocalInput(range.from))
  const [to, setTo] = useState(toLocalInput(range.to))
  const reversed = from !== '' && to !== '' && from >= to

  return (
    <div className="range-picker no-print" role="group" aria-label="Period">
      <div className="range-options" role="radiogroup" aria-label="Show the last">
        {TREND_RANGES.map((r) => {
          const checked = r === 'custom' ? custom : !custom && range.range === r
          return (
            <button
              key={r}
              type="button"
              role="radio"
              aria-checked={checked}
              className={checked ? 'range-option is-on' : 'range-option'}
              onClick={() => {
                setCustom(r === 'custom')
                if (r !== 'custom') setDashboardRange({ range: r })
              }}
              data-testid={`range-${r}`}
            >
              {r === 'custom' ? 'Custom…' : r}
            </button>
          )
        })}
      </div>
      {custom && (
        <form
          className="range-custom"
          onSubmit={(e) => {
            e.preventDefault()
            if (reversed || !from || !to) return
            setDashboardRange({
              range: 'custom',
              from: fromLocalInput(from),
              to: fromLocalInput(to),
            })
          }}
        >
          <label>
            <span>From</span>
            <input
              className="input"
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              required
            />
          </label>
          <label>
            <span>To</span>
            <input
              className="input"
              type="datetime-local"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              required
              aria-invalid={reversed}
            />
          </label>
          <Button type="submit" size="sm" variant="primary" disabled={reversed || !from || !to}>
            Show
          </Button>
          {reversed && <span className="field-error">The end must come after the start.</span>}
        </form>
      )}
      <Switch
        checked={range.compare}
        onChange={(compare) => setDashboardRange({ compare })}
        testId="range-compare"
      >
        Compare with the previous period
      </Switch>
      <span className="visually-hidden" aria-live="polite">
        {RANGE_TEXT[range.range]}
      </span>
    </div>
  )
}
