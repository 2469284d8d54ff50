import type { Role } from '../../shared/roles.js'
import type { UserView } from '../../shared/schemas/users.js'
import type { UserRow } from '../db/repositories/users.js'

export function presentUser(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    status: !row.isActive ? 'deactivated' : row.passwordHash ? 'active' : 'invited',
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }
}
