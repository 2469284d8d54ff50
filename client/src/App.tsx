import { lazy, Suspense } from 'react'
import { SessionLostDialog } from './features/auth/SessionLostDialog.js'
import { SetupPage } from './features/auth/SetupPage.js'
import { SignInPage } from './features/auth/SignInPage.js'
import { SETUP_PATH } from './features/shell/routes.js'
import { auth, useAuth } from './lib/auth.js'
import { useLocation } from './lib/router.js'
import { ErrorPanel } from './ui/ErrorPanel.js'
import { LogoMark } from './ui/icons.js'
import './features/auth/auth.css'

// The console's code loads once someone is signed in: the sign-in page stays small.
const SignedInApp = lazy(() =>
  import('./features/shell/SignedInApp.js').then((m) => ({ default: m.SignedInApp })),
)

function Booting() {
  return (
    <main className="auth-page" id="main" aria-busy="true" aria-label="Loading Firebreak">
      <span className="boot-mark">
        <LogoMark size={36} />
      </span>
    </main>
  )
}

/**
 * Who is signed in decides what is shown: the setup page (for anyone holding a link), the
 * sign-in page, or the console for the signed-in role. A different user or role is a fresh
 * mount of the whole signed-in app, so nothing of the previous one's state survives. A
 * console whose session ended under it stays mounted (inert) behind a sign-in dialog, so
 * that what was typed in it survives signing in again.
 */
export function App() {
  const state = useAuth()
  const { pathname } = useLocation()

  if (pathname === SETUP_PATH) return <SetupPage />

  switch (state.status) {
    case 'checking':
      return <Booting />
    case 'error':
      return (
        <main className="auth-page" id="main">
          <ErrorPanel title="Could not reach Firebreak" error={state.error} onRetry={auth.retry} />
        </main>
      )
    case 'signed-out':
      return (
        <SignInPage
          key={state.reason}
          reason={state.reason}
          email={state.email}
          showDemo={state.confirmed && state.reason !== 'setup-done'}
        />
      )
    case 'signed-in':
    case 'session-lost': {
      const lost = state.status === 'session-lost'
      return (
        <>
          <div className="app-frame" inert={lost}>
            <Suspense fallback={<Booting />}>
              <SignedInApp key={`${state.user.id}:${state.user.role}`} user={state.user} />
            </Suspense>
          </div>
          {lost && <SessionLostDialog user={state.user} />}
        </>
      )
    }
  }
}
