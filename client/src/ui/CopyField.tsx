import { useEffect, useId, useRef, useState } from 'react'
import { Button } from './Button.js'
import { cx } from './css.js'
import { CheckIcon, CopyIcon } from './icons.js'
import './CopyField.css'

/**
 * A value to hand on (an invite link, a webhook URL, a secret shown once): read-only, selected
 * on focus, with a copy button. Where the clipboard is not available (plain http on another
 * host) the text is selected for the user to copy.
 */
export function CopyField({
  label,
  value,
  secret,
  testId,
}: {
  label: string
  value: string
  /** Monospace and not spell-checked; never stored by the browser. */
  secret?: boolean
  testId?: string
}) {
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null)

  useEffect(() => {
    if (!copied) return
    const timer = window.setTimeout(() => setCopied(null), 2500)
    return () => window.clearTimeout(timer)
  }, [copied])

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value)
      setCopied('yes')
    } catch {
      input.current?.focus()
      input.current?.select()
      setCopied('select')
    }
  }

  return (
    <div className="copy-field">
      <label className="copy-label" htmlFor={id}>
        {label}
      </label>
      <div className="copy-row">
        <input
          ref={input}
          id={id}
          className={cx('copy-input', secret && 'is-secret')}
          value={value}
          readOnly
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.currentTarget.select()}
          data-testid={testId}
        />
        <Button size="sm" onClick={() => void copy()} aria-label={`Copy ${label.toLowerCase()}`}>
          {copied === 'yes' ? <CheckIcon /> : <CopyIcon />}
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <span className="visually-hidden" role="status">
        {copied === 'yes' ? `${label} copied` : copied === 'select' ? 'Selected: press Ctrl+C' : ''}
      </span>
      {copied === 'select' && (
        <p className="field-hint">
          The clipboard is not available here: the text is selected, copy it with Ctrl+C / ⌘C.
        </p>
      )}
    </div>
  )
}
