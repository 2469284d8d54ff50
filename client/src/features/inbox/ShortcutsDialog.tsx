import { useEffect, useRef } from 'react'
import { SHORTCUTS } from './useInboxKeys.js'

/** Keys of the reply composer, while its text has the focus. */
const COMPOSER_SHORTCUTS = [
  [['Ctrl /', '⌘ /'], 'Insert a canned response (or type / in an empty reply)'],
  [['Ctrl Enter', '⌘ Enter'], 'Send the reply'],
] as const

/** Every shortcut of the inbox (`?`). */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    const opener = document.activeElement as HTMLElement | null
    dialog?.showModal()
    return () => {
      dialog?.close()
      opener?.focus?.()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="shortcuts-title"
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
    >
      <h2 className="dialog-title" id="shortcuts-title">
        Keyboard shortcuts
      </h2>
      <dl className="shortcuts" data-testid="shortcuts">
        {SHORTCUTS.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <h3 className="shortcuts-group">In the reply</h3>
      <dl className="shortcuts shortcuts-wide" data-testid="composer-shortcuts">
        {COMPOSER_SHORTCUTS.map(([keys, what]) => (
          <div key={what}>
            <dt>
              {keys.map((key) => (
                <kbd key={key}>{key}</kbd>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog-actions">
        <button type="button" className="btn btn-primary" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  )
}
