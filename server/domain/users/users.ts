import crypto from 'node:crypto'
import { and, count, eq, gt, sql } from 'drizzle-orm'
import { can, type Role } from '../../../shared/roles.js'
import { hashPassword } from '../../auth/passwords.js'
import type { AppContext } from '../../context.js'
import type { Queryable } from '../../db/client.js'
import { users } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { getUser, type UserRow } from '../../db/repositories/users.js'
import { releaseAssignments } from '../triage/release-assignments.js'
import type { PendingEvent } from '../events/append-events.js'
import { recordAudit } from '../audit/record-audit.js'

/** How long a setup or invite link works. */
const SETUP_TOKEN_TTL_MS = 72 * 3600 * 1000

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex')

/** A new one-time setup token for a user; only its hash is stored. */
async function issueSetupToken(q: Queryable, userId: string): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url')
  await q
    .update(users)
    .set({
      setupTokenHash: hashToken(token),
      setupTokenExpiresAt: new Date(Date.now() + SETUP_TOKEN_TTL_MS),
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, userId))
  return token
}

/** The link a person opens to set their password; the token rides in the fragment, never sent in a URL to a server log. */
export const setupLink = (publicUrl: string, token: string) => `${publicUrl}/setup#token=${token}`

/**
 * On the very first start (no users at all) creates the administrator, without a password,
 * and returns a one-time setup token for them. Returns null on every later start.
 */
export async function ensureFirstAdmin(ctx: AppContext): Promise<string | null> {
  return ctx.db.transaction(async (tx) => {
    // Serialise starts of several processes so only one creates the admin.
    await tx.execute(sql`select pg_advisory_xact_lock(${0x46697265 + 1})`)
    const [{ n }] = (await tx.select({ n: count() }).from(users)) as [{ n: number }]
    if (n > 0) return null
    const [admin] = await tx
      .insert(users)
      .values({ email: ctx.config.adminEmail, name: 'Administrator', role: 'admin' })
      .returning()
    const token = await issueSetupToken(tx, admin!.id)
    await recordAudit(tx, {
      actorId: null,
      action: 'user.invited',
      subjectType: 'user',
      subjectId: admin!.id,
      after: { email: admin!.email, role: 'admin', reason: 'first start' },
    })
    return token
  })
}

/** An admin invites someone: a user without a password, and a one-time link for them. */
export async function inviteUser(
  ctx: AppContext,
  input: { actorId: string; email: string; name: string; role: Role; ip: string | null },
): Promise<{ user: UserRow; token: string }> {
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, role: input.role })
      .onConflictDoNothing({ target: users.email })
      .returning()
    if (!user) throw new AppError('conflict', `A user with email ${input.email} already exists`)
    const token = await issueSetupToken(tx, user.id)
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'user.invited',
      subjectType: 'user',
      subjectId: user.id,
      after: { email: user.email, name: user.name, role: user.role },
      ip: input.ip,
    })
    return { user: (await getUser(tx, user.id))!, token }
  })
}

/**
 * Changes a user's role or deactivates (or reactivates) them. Their sessions end and their
 * open sockets are dropped, so the change holds at once; they sign in again under the new role.
 */
export async function updateUser(
  ctx: AppContext,
  input: { actorId: string; userId: string; role?: Role; isActive?: boolean; ip: string | null },
): Promise<{ user: UserRow; events: PendingEvent[] }> {
  if (input.userId === input.actorId) {
    throw new AppError('conflict', 'You cannot change your own role or deactivate yourself')
  }
  const updated = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update')
    if (!before) throw new AppError('not_found', 'User not found')
    const [after] = await tx
      .update(users)
      .set({
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.isActive !== undefined ? { isActive: input.isActive } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, input.userId))
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'user.updated',
      subjectType: 'user',
      subjectId: input.userId,
      before: { role: before.role, isActive: before.isActive },
      after: { role: after!.role, isActive: after!.isActive },
      ip: input.ip,
    })
    // Someone who can no longer work complaints gives theirs back to the pool.
    const events =
      after!.isActive && can(after!.role as Role, 'complaint.triage')
        ? []
        : await releaseAssignments(tx, { ...input, now: new Date() })
    return { user: after!, events }
  })
  await ctx.sessions.revokeUser(updated.user.id)
  ctx.publisher.disconnectUser(updated.user.id)
  return updated
}

/**
 * A new one-time setup link for an existing user: a lost invite, or a forgotten password
 * (their sessions end, and the old password stops working once the new one is set).
 */
export async function issueSetupLink(
  ctx: AppContext,
  input: { actorId: string | null; userId: string; ip: string | null },
): Promise<{ user: UserRow; token: string }> {
  if (input.userId === input.actorId)
    throw new AppError('conflict', 'Change your own password from a link another admin gives you')
  const result = await ctx.db.transaction(async (tx) => {
    const user = await getUser(tx, input.userId)
    if (!user.isActive) throw new AppError('conflict', 'Reactivate the user first')
    const token = await issueSetupToken(tx, user.id)
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'user.setup_link_issued',
      subjectType: 'user',
      subjectId: user.id,
      ip: input.ip,
    })
    return { user, token }
  })
  await ctx.sessions.revokeUser(input.userId)
  ctx.publisher.disconnectUser(input.userId)
  return result
}

/**
 * Sets the password of the user a valid setup token names, and spends the token. Every session
 * opened before (with the old password, or by whoever held it) ends. The token is checked
 * before the password is hashed: hashing is expensive, and nobody without a valid link gets it.
 */
export async function completeSetup(
  ctx: AppContext,
  input: { token: string; name?: string; password: string; ip: string },
): Promise<UserRow> {
  // Limited per address before the token is even read: hashing is not free for anyone.
  const limit = await ctx.loginLimiter.consumeSetup(input.ip)
  if (!limit.allowed) {
    throw new AppError(
      'rate_limited',
      `Too many attempts to set a password; try again in ${limit.retryAfterSeconds} s`,
      undefined,
      { retryAfterSeconds: limit.retryAfterSeconds },
    )
  }
  const [holder] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(validSetupToken(input.token))
  if (!holder) throw new AppError('unauthorized', 'This setup link is invalid, used or expired')
  const passwordHash = await hashPassword(input.password)
  const user = await ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({
        passwordHash,
        setupTokenHash: null,
        setupTokenExpiresAt: null,
        ...(input.name ? { name: input.name } : {}),
        updatedAt: sql`now()`,
      })
      .where(validSetupToken(input.token))
      .returning()
    if (!user) throw new AppError('unauthorized', 'This setup link is invalid, used or expired')
    await recordAudit(tx, {
      actorId: user.id,
      action: 'auth.setup_completed',
      subjectType: 'user',
      subjectId: user.id,
      ip: input.ip,
    })
    return user
  })
  await ctx.sessions.revokeUser(user.id)
  ctx.publisher.disconnectUser(user.id)
  return user
}

/** The user a setup token names, while it is unspent and unexpired and they are active. */
const validSetupToken = (token: string) =>
  and(
    eq(users.setupTokenHash, hashToken(token)),
    gt(users.setupTokenExpiresAt, sql`now()`),
    eq(users.isActive, true),
  )

/** Password of the demo accounts (development only; the README lists them). */
export const DEMO_PASSWORD = 'kredo-demo-2026'
export const DEMO_USERS: Array<{ email: string; name: string; role: Role }> = [
  { email: 'admin@kredo.example', name: 'Ada Admin', role: 'admin' },
  { email: 'adviser@kredo.example', name: 'Avery Adviser', role: 'adviser' },
  { email: 'agent@kredo.example', name: 'Alex Agent', role: 'agent' },
  { email: 'viewer@kredo.example', name: 'Vic Viewer', role: 'viewer' },
]

/** One user per role for the demo, with a known password. Never in production. */
export async function seedDemoUsers(ctx: AppContext): Promise<void> {
  if (ctx.config.env === 'production') return
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await ctx.db
    .insert(users)
    .values(DEMO_USERS.map((u) => ({ ...u, passwordHash })))
    .onConflictDoNothing({ target: users.email })
}
