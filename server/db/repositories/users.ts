import { asc, eq } from 'drizzle-orm'
import { AppError } from '../../lib/app-error.js'
import type { Queryable } from '../client.js'
import { users } from '../schema.js'

export type UserRow = typeof users.$inferSelect

export async function getUser(q: Queryable, id: string): Promise<UserRow> {
  const [row] = await q.select().from(users).where(eq(users.id, id))
  if (!row) throw new AppError('not_found', 'User not found')
  return row
}

export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  const [row] = await q.select().from(users).where(eq(users.email, email.trim().toLowerCase()))
  return row
}

/** Every user, oldest first. */
export function listUsers(q: Queryable): Promise<UserRow[]> {
  return q.select().from(users).orderBy(asc(users.createdAt))
}
