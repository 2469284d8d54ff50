import type { ReactNode } from 'react'
import './Switch.css'

/**
 * An on/off setting: a checkbox with the switch role, so a screen reader says "switch, on", drawn
 * as a track and thumb; its label says what the current position means.
 */
export function Switch({
  checked,
  disabled,
  onChange,
  testId,
  children,
}: {
  checked: boolean
  disabled?: boolean
  onChange: (checked: boolean) => void
  testId?: string
  children: ReactNode
}) {
  return (
    <label className="switch">
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        data-testid={testId}
      />
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-label">{children}</span>
    </label>
  )
}
