import type {
  COMPLAINER_STANDINGS,
  TopComplainer,
  TrendRangeQuery,
} from '../../../shared/schemas/trends.js'
import { OUTCOMES, type Outcome } from '../../../shared/sla.js'
import type { Queryable } from '../../db/client.js'
import {
  cheaperWalk,
  estimatedAuthors,
  readPeriodComplainers,
  type ComplainerWalk,
  type PeriodComplainerRow,
} from '../../db/repositories/period-complainers.js'
import { sumRollups } from '../../db/repositories/rollups.js'
import { GRAIN_MS, type TrendPeriod } from '../../../shared/trend-range.js'
import { resolveBrandRange } from './trend-period.js'

/** How many complainers the dashboard lists. */
export const TOP_COMPLAINERS = 20

/**
 * The cheaper way to find a period's top `limit` complainers, from how many complaints the
 * rollups counted in it (whole hours around it) and how many authors are stored.
 */
export async function complainerWalk(
  q: Queryable,
  input: TrendPeriod & { brandId: string; limit: number },
): Promise<ComplainerWalk> {
  const hour = GRAIN_MS.hour
  const [sums, authors] = await Promise.all([
    sumRollups(q, {
      brandId: input.brandId,
      grain: 'hour',
      dimension: 'all',
      keys: [''],
      from: new Date(Math.floor(input.from.getTime() / hour) * hour),
      to: new Date(Math.ceil(input.to.getTime() / hour) * hour),
    }),
    estimatedAuthors(q),
  ])
  const complaints = sums.reduce((n, s) => n + s.complaints, 0)
  return cheaperWalk({ limit: input.limit, complaints, authors })
}

/** Where a complainer stands, from their top complaint: unanswered, else what the answer did. */
export function standingOf(
  row: Pick<PeriodComplainerRow, 'firstResponseAt' | 'outcome'>,
): (typeof COMPLAINER_STANDINGS)[number] {
  if (!row.firstResponseAt) return 'unanswered'
  return OUTCOMES.includes(row.outcome as Outcome) ? (row.outcome as Outcome) : 'answered'
}

/**
 * The period's most-reached complainers (the lead authors of the complaints that arrived in
 * it, dismissed ones aside, by reach then followers), each with how many of those complaints
 * they lead and their top one's standing.
 * Public account facts only: nothing of the team's (owners, notes, drafts) is in it.
 */
export async function readTopComplainers(
  q: Queryable,
  input: { brandId: string; query: TrendRangeQuery; now: Date },
): Promise<{ data: TopComplainer[]; period: { from: string; to: string } }> {
  const range = await resolveBrandRange(q, input)
  const period = { brandId: input.brandId, from: range.from, to: range.to, limit: TOP_COMPLAINERS }
  const rows = await readPeriodComplainers(q, {
    ...period,
    walk: await complainerWalk(q, period),
  })
  return {
    data: rows.map((r) => ({
      authorId: r.authorId,
      handle: r.handle,
      network: r.network,
      displayName: r.displayName,
      followers: r.followers,
      reach: r.reach,
      complaints: r.complaints,
      standing: standingOf(r),
      complaintId: r.complaintId,
    })),
    period: { from: range.from.toISOString(), to: range.to.toISOString() },
  }
}
