import type { SignedOutReason } from '../../lib/auth.js'
import { Notice } from '../../ui/Notice.js'
import { AuthLayout } from './AuthLayout.js'
import { DemoAccounts } from './DemoAccounts.js'
import { SignInForm } from './SignInForm.js'
import { useSignInForm } from './useSignInForm.js'
import './auth.css'
import './SignInPage.css'

const REASONS: Record<SignedOutReason, { tone: 'info' | 'warn' | 'success'; text: string } | null> =
  {
    'no-session': null,
    'signed-out': { tone: 'info', text: 'You are signed out.' },
    'session-ended': {
      tone: 'warn',
      text: 'Your session ended: you were signed out elsewhere, or your access changed. Sign in again to continue.',
    },
    'setup-done': { tone: 'success', text: 'Your password is set. Sign in to open the console.' },
  }

/** Signing in: email and password, clear errors, and the wait after too many attempts. */
export function SignInPage({
  reason,
  email,
  showDemo,
}: {
  reason: SignedOutReason
  email: string | null
  showDemo: boolean
}) {
  const form = useSignInForm(email)
  const notice = REASONS[reason]

  return (
    <AuthLayout
      title="Sign in"
      lead="Live complaints, ranked, for backlash response."
      after={showDemo ? <DemoAccounts onPick={form.fill} /> : null}
    >
      {notice && !form.shownFailure && (
        <Notice tone={notice.tone} className="auth-notice">
          {notice.text}
        </Notice>
      )}
      <SignInForm form={form} emailKnown={!!email} />
      <p className="auth-foot">
        No account yet, or locked out? Ask your Firebreak admin for an invite link.
      </p>
    </AuthLayout>
  )
}
