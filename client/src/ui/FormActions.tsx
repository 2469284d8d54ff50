import { Button } from './Button.js'
import { cx } from './css.js'

/**
 * A form's buttons: its submit, which says what it is doing while the form sends (and cannot
 * be pressed again), and a Cancel when the form can be left.
 */
export function FormActions({
  busy,
  submit,
  busyText,
  testId,
  onCancel,
  size,
  className,
}: {
  busy: boolean
  /** The submit button's label: "Create source". */
  submit: string
  /** Its label while the form sends: "Creating…". */
  busyText: string
  testId?: string
  onCancel?: () => void
  size?: 'sm' | 'md'
  className?: string
}) {
  return (
    <div className={cx('form-actions', className)}>
      <Button type="submit" variant="primary" size={size} disabled={busy} data-testid={testId}>
        {busy ? busyText : submit}
      </Button>
      {onCancel && (
        <Button variant="ghost" size={size} onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      )}
    </div>
  )
}
