import { sql, type SQL } from 'drizzle-orm'
import type { AlertSeries, AlertSeverity, AlertState } from '../../../shared/schemas/alerts.js'
import { AppError } from '../../lib/app-error.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { anyOf } from '../unnest.js'

type Person = { id: string; name: string }

/** An alert with the names of who acknowledged and resolved it. */
export interface AlertRecord {
  id: string
  brandId: string
  series: AlertSeries
  at: Date
  severity: AlertSeverity
  observed: number
  expected: number
  confidence: number
  state: AlertState
  acknowledged: { by: Person | null; at: Date } | null
  resolved: { by: Person | null; at: Date; note: string | null } | null
  createdAt: Date
}

type Row = {
  id: string
  brand_id: string
  series: AlertSeries
  at: Date | string
  severity: AlertSeverity
  observed: number | string
  expected: number | string
  confidence: number
  state: AlertState
  acknowledged_by: string | null
  acknowledged_by_name: string | null
  acknowledged_at: Date | string | null
  resolved_by: string | null
  resolved_by_name: string | null
  resolved_at: Date | string | null
  resolution_note: string | null
  created_at: Date | string
}

const person = (id: string | null, name: string | null): Person | null =>
  id ? { id, name: name ?? 'a former user' } : null

function toRecord(r: Row): AlertRecord {
  return {
    id: r.id,
    brandId: r.brand_id,
    series: r.series,
    at: new Date(r.at),
    severity: r.severity,
    observed: Number(r.observed),
    expected: Number(r.expected),
    confidence: r.confidence,
    state: r.state,
    acknowledged: r.acknowledged_at
      ? {
          by: person(r.acknowledged_by, r.acknowledged_by_name),
          at: new Date(r.acknowledged_at),
        }
      : null,
    resolved: r.resolved_at
      ? {
          by: person(r.resolved_by, r.resolved_by_name),
          at: new Date(r.resolved_at),
          note: r.resolution_note,
        }
      : null,
    createdAt: new Date(r.created_at),
  }
}

async function selectAlerts(q: Queryable, where: SQL, limit = 200): Promise<AlertRecord[]> {
  const rows = await queryRows<Row>(
    q,
    sql`select al.id, al.brand_id, al.series, al.at, al.severity, al.observed, al.expected,
               al.confidence, al.state, al.acknowledged_by, ack.name as acknowledged_by_name,
               al.acknowledged_at, al.resolved_by, res.name as resolved_by_name, al.resolved_at,
               al.resolution_note, al.created_at
        from alerts al
        left join users ack on ack.id = al.acknowledged_by
        left join users res on res.id = al.resolved_by
        where ${where}
        order by al.at desc, al.series
        limit ${limit}`,
  )
  return rows.map(toRecord)
}

/** What `GET alerts?state=` lists: one state, the active ones (open or acknowledged), or all. */
export type AlertFilter = AlertState | 'active' | 'all'

/** A brand's alerts, newest first (the latest 200). */
export function listAlerts(
  q: Queryable,
  input: { brandId: string; state: AlertFilter },
): Promise<AlertRecord[]> {
  const state =
    input.state === 'all'
      ? sql`true`
      : input.state === 'active'
        ? sql`al.state <> 'resolved'`
        : sql`al.state = ${input.state}`
  return selectAlerts(q, sql`al.brand_id = ${input.brandId}::uuid and ${state}`)
}

/** Alerts by id, in no particular order. */
export function loadAlerts(q: Queryable, ids: string[]): Promise<AlertRecord[]> {
  if (!ids.length) return Promise.resolve([])
  return selectAlerts(q, sql`al.id = ${anyOf(ids, 'uuid')}`, ids.length)
}

/** One alert of a brand; 404 when the brand has no such alert. */
export async function getAlert(
  q: Queryable,
  input: { brandId: string; alertId: string },
): Promise<AlertRecord> {
  const [record] = await selectAlerts(
    q,
    sql`al.id = ${input.alertId}::uuid and al.brand_id = ${input.brandId}::uuid`,
    1,
  )
  if (!record) throw new AppError('not_found', 'Alert not found')
  return record
}
