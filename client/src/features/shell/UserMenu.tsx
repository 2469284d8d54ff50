import { useEffect, useId, useRef, useState } from 'react'
import type { UserView } from '../../../../shared/schemas/users.js'
import { toApiError } from '../../lib/http.js'
import { auth } from '../../lib/auth.js'
import { Button } from '../../ui/Button.js'
import { ChevronIcon, SignOutIcon } from '../../ui/icons.js'
import { initials, ROLE_LABELS, ROLE_SUMMARIES } from '../users/roleText.js'
import '../../ui/badges.css'
import './shell.css'

/** Who is signed in (name, role badge) and signing out. */
export function UserMenu({ user }: { user: UserView }) {
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const wrap = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const panelId = useId()

  // Closes on Escape (focus back on the button) and on a click or focus outside.
  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      setOpen(false)
      button.current?.focus()
    }
    const onOutside = (e: Event) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onOutside)
    document.addEventListener('focusin', onOutside)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onOutside)
      document.removeEventListener('focusin', onOutside)
    }
  }, [open])

  const signOut = async () => {
    setBusy(true)
    setError(null)
    try {
      await auth.signOut()
    } catch (err) {
      setError(toApiError(err).message)
      setBusy(false)
    }
  }

  return (
    <div className="user-menu" ref={wrap}>
      <button
        ref={button}
        type="button"
        className="user-button"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="user-menu"
        data-role={user.role}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(user.name, user.email)}
        </span>
        {/* The name spoken is the one seen (WCAG 2.5.3), after what the button is. */}
        <span className="visually-hidden">Account: </span>
        <span className="user-name">{user.name}</span>
        <span className="visually-hidden">, </span>
        <span className={`role-badge role-${user.role}`}>{ROLE_LABELS[user.role]}</span>
        <ChevronIcon className="user-chevron" />
      </button>
      <div className="user-panel" id={panelId} hidden={!open}>
        <div className="user-who">
          <span className="avatar avatar-lg" aria-hidden="true">
            {initials(user.name, user.email)}
          </span>
          <div className="user-who-text">
            <strong>{user.name}</strong>
            <span className="user-email">{user.email}</span>
          </div>
        </div>
        <p className="user-role">
          <span className={`role-badge role-${user.role}`}>{ROLE_LABELS[user.role]}</span>
          <span>{ROLE_SUMMARIES[user.role]}</span>
        </p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <Button
          className="user-signout"
          onClick={() => void signOut()}
          disabled={busy}
          data-testid="sign-out"
        >
          <SignOutIcon />
          {busy ? 'Signing out…' : 'Sign out'}
        </Button>
      </div>
    </div>
  )
}
