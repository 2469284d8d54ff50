import type { Role } from '../../../../shared/roles.js'
import { ROLE_LABELS } from '../users/roleText.js'
import '../../ui/badges.css'
import './auth.css'

/** The demo's accounts (development only: the server creates them outside production). */
const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; role: Role }> = [
  { email: 'admin@kredo.example', role: 'admin' },
  { email: 'adviser@kredo.example', role: 'adviser' },
  { email: 'agent@kredo.example', role: 'agent' },
  { email: 'viewer@kredo.example', role: 'viewer' },
]
const DEMO_PASSWORD = 'kredo-demo-2026'

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Only where the console is served from this machine: a demo hint never reaches a real deployment's users. */
export const isLocalConsole = (): boolean => LOCAL_HOSTS.has(window.location.hostname)

/** A small hint under the sign-in card: pick a demo account to fill the form. */
export function DemoAccounts({ onPick }: { onPick: (email: string, password: string) => void }) {
  return (
    <section className="demo-hint" aria-labelledby="demo-hint-title">
      <h2 className="demo-title" id="demo-hint-title">
        Demo accounts
      </h2>
      <p className="demo-text">
        On this machine the demo has one account per role, all with the password{' '}
        <code>{DEMO_PASSWORD}</code>. Pick one to fill the form:
      </p>
      <ul className="demo-list">
        {DEMO_ACCOUNTS.map((a) => (
          <li key={a.email}>
            <button
              type="button"
              className="demo-account"
              onClick={() => onPick(a.email, DEMO_PASSWORD)}
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
