import { api } from '../../lib/api.js'
import { useResource } from '../../lib/useResource.js'
import { ROLE_LABELS } from '../users/roleText.js'
import '../../ui/badges.css'
import './auth.css'

/**
 * A small hint under the sign-in card: pick a demo account to fill the form. The server says
 * which exist (the demo creates them outside production only); without any, nothing shows.
 */
export function DemoAccounts({ onPick }: { onPick: (email: string, password: string) => void }) {
  const { state } = useResource((signal) => api.demoAccounts(signal), 'demo-accounts')
  // A hint, not a feature: while loading or when it fails, the sign-in form is all there is.
  if (state.status !== 'ready') return null
  const { accounts, password } = state.data
  if (!accounts.length || password === null) return null
  return (
    <section className="demo-hint" aria-labelledby="demo-hint-title" data-testid="demo-accounts">
      <h2 className="demo-title" id="demo-hint-title">
        Demo accounts
      </h2>
      <p className="demo-text">
        The demo has one account per role, all with the password <code>{password}</code>. Pick one
        to fill the form:
      </p>
      <ul className="demo-list">
        {accounts.map((a) => (
          <li key={a.email}>
            <button
              type="button"
              className="demo-account"
              onClick={() => onPick(a.email, password)}
            >
              <span className={`role-badge role-${a.role}`}>{ROLE_LABELS[a.role]}</span>
              <span className="demo-email">{a.email}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
