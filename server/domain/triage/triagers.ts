import { sql } from 'drizzle-orm'
import { can, ROLES, type Role } from '../../../shared/roles.js'
import type { Queryable } from '../../db/client.js'
import { queryRows } from '../../db/rows.js'
import { anyOf } from '../../db/unnest.js'
import { AppError } from '../../lib/app-error.js'

/** The roles that may triage, so may own complaints and be mentioned in notes. */
export const TRIAGE_ROLES = ROLES.filter((role) => can(role, 'complaint.triage'))

/** A person who may be given a complaint, with how many active ones of the brand they own. */
export interface TriagerRecord {
  id: string
  name: string
  role: Role
  openCount: number
}

/** Refuses an owner or a mention who is unknown, deactivated or may not triage, saying which. */
export async function checkAssignee(q: Queryable, userId: string): Promise<void> {
  await checkTriagers(q, [userId], 'assigneeId')
}

export async function checkTriagers(q: Queryable, userIds: string[], path: string): Promise<void> {
  if (!userIds.length) return
  const rows = await queryRows<{ id: string; name: string; role: Role; is_active: boolean }>(
    q,
    sql`select id, name, role, is_active from users where id = ${anyOf(userIds, 'uuid')}`,
  )
  for (const id of userIds) {
    const user = rows.find((r) => r.id === id)
    const problem = !user
      ? `no user ${id}`
      : !user.is_active
        ? `${user.name} is deactivated`
        : !can(user.role, 'complaint.triage')
          ? `${user.name} cannot triage (role ${user.role})`
          : null
    if (problem) throw new AppError('invalid_request', problem, [{ path, message: problem }])
  }
}

/** Everyone active who may triage, with their active complaints of the brand. */
export async function listTriagers(q: Queryable, brandId: string): Promise<TriagerRecord[]> {
  const rows = await queryRows<{ id: string; name: string; role: Role; open: string | number }>(
    q,
    sql`select u.id, u.name, u.role,
               (select count(*) from complaints c
                where c.brand_id = ${brandId}::uuid and c.assignee_id = u.id
                  and c.state in ('new', 'open', 'waiting')) as open
        from users u
        where u.is_active and u.role = ${anyOf(TRIAGE_ROLES, 'text')}
        order by u.name, u.id`,
  )
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, openCount: Number(r.open) }))
}
