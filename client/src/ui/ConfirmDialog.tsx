import { useEffect, useId, useRef, type ReactNode } from 'react'
import { Button } from './Button.js'
import { FormError } from './FormError.js'
import { useAction } from './useAction.js'
import './ConfirmDialog.css'

/**
 * A modal confirmation on the native <dialog>: focus moves in and is trapped, Escape cancels,
 * and focus returns to what opened it. `onConfirm` may be async; its error is shown in place.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger,
  submitOnEnter,
  onConfirm,
  onClose,
}: {
  title: ReactNode
  children: ReactNode
  confirmLabel: string
  danger?: boolean
  /** Enter confirms from anywhere in the dialog but a button or a text area (pickers). */
  submitOnEnter?: boolean
  onConfirm: () => Promise<void>
  onClose: () => void
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const confirming = useAction()
  const { busy } = confirming

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement as HTMLElement | null
    dialog.showModal()
    return () => {
      dialog.close()
      opener?.focus?.()
    }
  }, [])

  const confirm = () =>
    void confirming.run(async () => {
      await onConfirm()
      onClose()
    })

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault()
        if (!busy) onClose()
      }}
      onKeyDown={(e) => {
        const target = e.target as HTMLElement
        if (!submitOnEnter || e.key !== 'Enter' || busy) return
        if (target.tagName === 'BUTTON' || target.tagName === 'TEXTAREA') return
        e.preventDefault()
        confirm()
      }}
    >
      <h2 className="dialog-title" id={titleId}>
        {title}
      </h2>
      <div className="dialog-body">{children}</div>
      <FormError>{confirming.failure?.message}</FormError>
      <div className="dialog-actions">
        <Button onClick={onClose} disabled={busy} autoFocus={danger}>
          Cancel
        </Button>
        <Button
          variant={danger ? 'danger' : 'primary'}
          onClick={confirm}
          disabled={busy}
          autoFocus={!danger}
        >
          {busy ? 'Working…' : confirmLabel}
        </Button>
      </div>
    </dialog>
  )
}
