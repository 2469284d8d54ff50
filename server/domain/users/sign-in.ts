import { and, eq, sql } from 'drizzle-orm'
import { burnPasswordCheck, verifyPassword } from '../../auth/passwords.js'
import type { Session } from '../../auth/sessions.js'
import type { AppContext } from '../../context.js'
import { users } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'
import { findUserByEmail, type UserRow } from '../../db/repositories/users.js'

/**
 * Signs a person in: the attempt is counted first (per account and address, per account, per
 * address), then the password is checked in constant time whether or not the account exists.
 * Success opens a brand-new session. Every outcome writes one audit row, except refusals
 * after the first of a block.
 */
export async function signIn(
  ctx: AppContext,
  input: { email: string; password: string; ip: string },
): Promise<{ user: UserRow; sessionId: string; session: Session }> {
  const limit = await ctx.loginLimiter.consume(input.email, input.ip)
  if (!limit.allowed) {
    if (limit.firstRefusal) {
      await recordAudit(ctx.db, {
        actorId: null,
        action: 'auth.sign_in_blocked',
        subjectType: 'user',
        subjectId: input.email,
        ip: input.ip,
      })
    }
    throw new AppError(
      'rate_limited',
      `Too many sign-in attempts; try again in ${limit.retryAfterSeconds} s`,
      undefined,
      {
        retryAfterSeconds: limit.retryAfterSeconds,
      },
    )
  }
  const user = await findUserByEmail(ctx.db, input.email)
  const ok =
    user?.passwordHash && user.isActive
      ? await verifyPassword(input.password, user.passwordHash)
      : await burnPasswordCheck(input.password)
  if (!ok || !user) {
    await recordAudit(ctx.db, {
      actorId: user?.id ?? null,
      action: 'auth.sign_in_failed',
      subjectType: 'user',
      subjectId: user?.id ?? input.email,
      ip: input.ip,
    })
    throw new AppError('unauthorized', 'Wrong email or password')
  }
  await ctx.loginLimiter.reset(input.email, input.ip)
  const { id, session } = await ctx.sessions.create({
    userId: user.id,
    role: user.role as Session['role'],
  })
  // The user was read before the (slow) password check. An admin who deactivated them, changed
  // their role or reset their password meanwhile revoked their sessions before this one
  // existed: read them again now that it does, and give it up if they changed. A revocation
  // committed after this read ends this session itself.
  const signedIn = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ lastSignInAt: sql`now()` })
      .where(
        and(
          eq(users.id, user.id),
          eq(users.isActive, true),
          eq(users.role, user.role),
          eq(users.passwordHash, user.passwordHash!),
        ),
      )
      .returning()
    if (!row) return null
    await recordAudit(tx, {
      actorId: user.id,
      action: 'auth.signed_in',
      subjectType: 'user',
      subjectId: user.id,
      ip: input.ip,
    })
    return row
  })
  if (!signedIn) {
    await ctx.sessions.destroy(id)
    throw new AppError(
      'unauthorized',
      'Your account changed while you were signing in; sign in again',
    )
  }
  return { user: signedIn, sessionId: id, session }
}
