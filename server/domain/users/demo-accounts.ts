import { and, eq, inArray, isNotNull } from 'drizzle-orm'
import type { DemoAccounts } from '../../../shared/schemas/demo-accounts.js'
import { verifyPassword } from '../../auth/passwords.js'
import type { AppContext } from '../../context.js'
import { users } from '../../db/schema.js'
import { DEMO_PASSWORD, DEMO_USERS } from './users.js'

const NONE: DemoAccounts = { accounts: [], password: null }

/**
 * Stored hashes already checked against the demo's password. A hash changes when its
 * password does, so a verdict never goes stale; it spares a public page a scrypt per visit.
 */
const verdicts = new Map<string, Promise<boolean>>()
const hasDemoPassword = (hash: string): Promise<boolean> => {
  let verdict = verdicts.get(hash)
  if (!verdict) {
    verdict = verifyPassword(DEMO_PASSWORD, hash)
    verdicts.set(hash, verdict)
  }
  return verdict
}

/**
 * The demo accounts a person may sign in with, for the sign-in page: none unless the demo is
 * on where its accounts are created (never production), and only those that exist, are
 * active and still have the demo's password (an admin may have reset one).
 */
export async function listDemoAccounts(ctx: AppContext): Promise<DemoAccounts> {
  if (!ctx.config.demo.enabled || ctx.config.env === 'production') return NONE
  const rows = await ctx.db
    .select({ email: users.email, role: users.role, passwordHash: users.passwordHash })
    .from(users)
    .where(
      and(
        inArray(
          users.email,
          DEMO_USERS.map((u) => u.email),
        ),
        eq(users.isActive, true),
        isNotNull(users.passwordHash),
      ),
    )
  const usable = await Promise.all(rows.map((row) => hasDemoPassword(row.passwordHash!)))
  const accounts = DEMO_USERS.filter((demo) =>
    rows.some((row, i) => usable[i] && row.email === demo.email && row.role === demo.role),
  ).map(({ email, role }) => ({ email, role }))
  return accounts.length ? { accounts, password: DEMO_PASSWORD } : NONE
}
