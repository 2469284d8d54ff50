import { useId, useLayoutEffect, useRef, useState } from 'react'
import type { UserView } from '../../../../shared/schemas/users.js'
import { auth } from '../../lib/auth.js'
import { LockIcon } from '../../ui/icons.js'
import { keepTabInside } from '../../ui/keepTabInside.js'
import { SignInForm } from './SignInForm.js'
import { useSignInForm } from './useSignInForm.js'
import '../../ui/ConfirmDialog.css'
import './auth.css'

/**
 * Signing in again over a console whose session the server no longer knows. The console
 * stays behind, inert, with everything typed in it; the same person signing in carries on
 * there. A modal <dialog>: focus is held in it, and Escape does not close it, since nothing
 * behind it works without a session (the way out is to leave for the sign-in page), and Tab
 * cycles through its controls.
 */
export function SessionLostDialog({ user }: { user: UserView }) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const leadId = useId()
  const form = useSignInForm(user.email)
  const passwordInput = form.passwordInput
  const [escaped, setEscaped] = useState(false)

  // Before paint: the console behind has just turned inert, and the browser has not yet moved
  // focus off the field the person was typing in.
  useLayoutEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement as HTMLElement | null
    // Chrome closes a modal dialog on a second Escape even when its cancel is refused: reopen.
    const reopen = () => {
      if (dialog.isConnected && !dialog.open) dialog.showModal()
    }
    dialog.addEventListener('close', reopen)
    dialog.showModal()
    passwordInput.current?.focus()
    return () => {
      dialog.removeEventListener('close', reopen)
      dialog.close()
      // Back where the person was (the field they were typing in, the button they pressed),
      // once the console is no longer inert: React lifts that after this cleanup runs.
      window.setTimeout(() => {
        if (opener?.isConnected && document.activeElement === document.body) opener.focus()
      }, 0)
    }
  }, [passwordInput])

  return (
    <dialog
      ref={ref}
      className="dialog session-dialog"
      aria-labelledby={titleId}
      aria-describedby={leadId}
      data-testid="session-lost-dialog"
      onKeyDown={(e) => {
        keepTabInside(e)
        if (e.key !== 'Escape') return
        e.preventDefault()
        setEscaped(true)
      }}
      onCancel={(e) => {
        e.preventDefault()
        setEscaped(true)
      }}
    >
      <div className="session-dialog-head">
        <span className="session-dialog-icon" aria-hidden="true">
          <LockIcon size={18} />
        </span>
        <h2 className="dialog-title" id={titleId}>
          Your session has ended
        </h2>
      </div>
      <p className="session-dialog-lead" id={leadId}>
        The server no longer knows it (it may have restarted). Sign in again to carry on; what you
        were typing is kept.
      </p>
      {escaped && (
        <p className="session-dialog-hint" role="status">
          The console needs you signed in: sign in here, or leave it below.
        </p>
      )}
      <SignInForm form={form} emailKnown>
        <p className="session-dialog-leave">
          Not you?{' '}
          <button
            type="button"
            className="link-btn"
            onClick={auth.leaveLostConsole}
            data-testid="session-lost-leave"
          >
            Leave this console
          </button>{' '}
          <span className="muted">(what was typed is lost)</span>
        </p>
      </SignInForm>
    </dialog>
  )
}
