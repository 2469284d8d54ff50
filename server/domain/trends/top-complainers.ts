import type {
  COMPLAINER_STANDINGS,
  TopComplainer,
  TrendRangeQuery,
} from '../../../shared/schemas/trends.js'
import { OUTCOMES, type Outcome } from '../../../shared/sla.js'
import type { Queryable } from '../../db/client.js'
import {
  readPeriodComplainers,
  type PeriodComplainerRow,
} from '../../db/repositories/period-complainers.js'
import { resolveBrandRange } from './trend-period.js'

/** How many complainers the dashboard lists. */
export const TOP_COMPLAINERS = 20

/** Where a complainer stands, from their top complaint: unanswered, else what the answer did. */
export function standingOf(
  row: Pick<PeriodComplainerRow, 'firstResponseAt' | 'outcome'>,
): (typeof COMPLAINER_STANDINGS)[number] {
  if (!row.firstResponseAt) return 'unanswered'
  return OUTCOMES.includes(row.outcome as Outcome) ? (row.outcome as Outcome) : 'answered'
}

/**
 * The period's most-reached complainers (authors of complaint posts written in it, by reach
 * then followers), each with how many complaints they are in and their top one's standing.
 * Public account facts only: nothing of the team's (owners, notes, drafts) is in it.
 */
export async function readTopComplainers(
  q: Queryable,
  input: { brandId: string; query: TrendRangeQuery; now: Date },
): Promise<{ data: TopComplainer[]; period: { from: string; to: string } }> {
  const range = await resolveBrandRange(q, input)
  const rows = await readPeriodComplainers(q, {
    brandId: input.brandId,
    from: range.from,
    to: range.to,
    limit: TOP_COMPLAINERS,
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
