import { sql, type SQL } from 'drizzle-orm'
import {
  DUE_SOON_MS,
  type PromiseState,
  type StoredPromiseState,
} from '../../../shared/promises.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { anyOf } from '../unnest.js'

/** A promise with the names it shows: its owner, author (the person it was made to), makers. */
export interface PromiseRecord {
  id: string
  brandId: string
  complaintId: string
  replyId: string | null
  author: { id: number; handle: string; network: string }
  what: string
  owner: { id: string; name: string }
  dueAt: Date
  state: StoredPromiseState
  remindedAt: Date | null
  overdueAt: Date | null
  resolutionUrl: string | null
  resolutionNote: string | null
  resolvedBy: { id: string; name: string } | null
  resolvedAt: Date | null
  createdBy: { id: string; name: string } | null
  createdAt: Date
}

type Row = {
  id: string
  brand_id: string
  complaint_id: string
  reply_id: string | null
  author_id: string | number
  author_handle: string
  author_network: string
  what: string
  owner_id: string
  owner_name: string
  due_at: Date | string
  state: StoredPromiseState
  reminded_at: Date | string | null
  overdue_at: Date | string | null
  resolution_url: string | null
  resolution_note: string | null
  resolved_by: string | null
  resolved_by_name: string | null
  resolved_at: Date | string | null
  created_by: string | null
  created_by_name: string | null
  created_at: Date | string
}

const SELECT = sql`
  select pr.id, pr.brand_id, pr.complaint_id, pr.reply_id, pr.author_id, au.handle as author_handle,
         au.network as author_network, pr.what, pr.owner_id, o.name as owner_name, pr.due_at,
         pr.state, pr.reminded_at, pr.overdue_at, pr.resolution_url, pr.resolution_note,
         pr.resolved_by, rb.name as resolved_by_name, pr.resolved_at, pr.created_by,
         cb.name as created_by_name, pr.created_at
  from promises pr
  join authors au on au.id = pr.author_id
  join users o on o.id = pr.owner_id
  left join users rb on rb.id = pr.resolved_by
  left join users cb on cb.id = pr.created_by`

const date = (v: Date | string | null) => (v === null ? null : new Date(v))
const person = (id: string | null, name: string | null) =>
  id && name !== null ? { id, name } : null

const toRecord = (r: Row): PromiseRecord => ({
  id: r.id,
  brandId: r.brand_id,
  complaintId: r.complaint_id,
  replyId: r.reply_id,
  author: { id: Number(r.author_id), handle: r.author_handle, network: r.author_network },
  what: r.what,
  owner: { id: r.owner_id, name: r.owner_name },
  dueAt: new Date(r.due_at),
  state: r.state,
  remindedAt: date(r.reminded_at),
  overdueAt: date(r.overdue_at),
  resolutionUrl: r.resolution_url,
  resolutionNote: r.resolution_note,
  resolvedBy: person(r.resolved_by, r.resolved_by_name),
  resolvedAt: date(r.resolved_at),
  createdBy: person(r.created_by, r.created_by_name),
  createdAt: new Date(r.created_at),
})

export async function loadPromises(q: Queryable, ids: string[]): Promise<PromiseRecord[]> {
  if (!ids.length) return []
  const rows = await queryRows<Row>(q, sql`${SELECT} where pr.id = ${anyOf(ids, 'uuid')}`)
  return rows.map(toRecord)
}

/** The condition for a promise's state at `now` (the SQL twin of shared `promiseState`). */
function stateIs(state: PromiseState, now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`
  const soon = sql`${new Date(now.getTime() + DUE_SOON_MS).toISOString()}::timestamptz`
  switch (state) {
    case 'overdue':
      return sql`pr.state = 'open' and pr.due_at <= ${at}`
    case 'due_soon':
      return sql`pr.state = 'open' and pr.due_at > ${at} and pr.due_at <= ${soon}`
    case 'open':
      return sql`pr.state = 'open' and pr.due_at > ${soon}`
    case 'kept':
    case 'broken':
      return sql`pr.state = ${state}`
  }
}

/** A brand's promises, soonest due first, filtered by state at `now`, owner, or author. */
export async function listPromises(
  q: Queryable,
  filter: {
    brandId: string
    now: Date
    state?: PromiseState
    ownerId?: string
    authorIds?: number[]
    limit: number
  },
): Promise<PromiseRecord[]> {
  const where = [sql`pr.brand_id = ${filter.brandId}::uuid`]
  if (filter.state) where.push(stateIs(filter.state, filter.now))
  if (filter.ownerId) where.push(sql`pr.owner_id = ${filter.ownerId}::uuid`)
  if (filter.authorIds) where.push(sql`pr.author_id = ${anyOf(filter.authorIds, 'bigint')}`)
  const rows = await queryRows<Row>(
    q,
    sql`${SELECT} where ${sql.join(where, sql` and `)}
        order by pr.due_at, pr.id limit ${filter.limit}`,
  )
  return rows.map(toRecord)
}
