import { eq, sql } from 'drizzle-orm'
import { effectiveTargets, type SlaTargets } from '../../../shared/sla.js'
import type { AppContext } from '../../context.js'
import type { Queryable } from '../../db/client.js'
import { getBrand } from '../../db/repositories/brands.js'
import { queryRows } from '../../db/rows.js'
import { brands } from '../../db/schema.js'
import { recordAudit } from '../audit/record-audit.js'

/** A brand's response targets in effect, and whether they are the defaults. */
export async function readSlaTargets(
  q: Queryable,
  brandId: string,
): Promise<{ brandId: string; targets: SlaTargets; isDefault: boolean }> {
  const brand = await getBrand(q, brandId)
  return {
    brandId,
    targets: effectiveTargets(brand.slaTargets),
    isDefault: brand.slaTargets === null,
  }
}

/**
 * Sets a brand's response targets (already validated by SlaTargetsSchema), with one audit row
 * holding the targets before and after, in the same transaction. Deadlines follow at once:
 * views compute them from the targets in effect, and the next housekeeping pass checks them.
 */
export async function setSlaTargets(
  ctx: AppContext,
  input: { brandId: string; targets: SlaTargets; actorId: string; ip: string | null },
): Promise<{ brandId: string; targets: SlaTargets; isDefault: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const before = await readSlaTargets(tx, input.brandId)
    await tx.update(brands).set({ slaTargets: input.targets }).where(eq(brands.id, input.brandId))
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'brand.sla_targets_changed',
      subjectType: 'brand',
      subjectId: input.brandId,
      before: before.isDefault ? { targets: null } : { targets: before.targets },
      after: { targets: input.targets },
      ip: input.ip,
    })
    return { brandId: input.brandId, targets: input.targets, isDefault: false }
  })
}

/**
 * A brand's first-response and resolution times over the complaints that arrived in the last
 * `days` (up to `now`): p50 and p90 in seconds (continuous percentiles), with how many were
 * answered and how many still wait for a first answer. For the trends work.
 */
export async function responseTimeStats(
  q: Queryable,
  input: { brandId: string; days: number; now: Date },
) {
  await getBrand(q, input.brandId)
  const from = new Date(input.now.getTime() - input.days * 86_400_000)
  const stats = await responseTimesBetween(q, { brandId: input.brandId, from, to: input.now })
  return { brandId: input.brandId, days: input.days, ...stats }
}

/**
 * First-response and resolution times of the complaints that arrived in [from, to): the
 * response-times route's last days, and the dashboard's periods.
 */
export async function responseTimesBetween(
  q: Queryable,
  input: { brandId: string; from: Date; to: Date },
) {
  const [row] = await queryRows<{
    answered: string | number
    unanswered: string | number
    first_p50: number | null
    first_p90: number | null
    resolved: string | number
    res_p50: number | null
    res_p90: number | null
  }>(
    q,
    sql`with window_ as (
          select extract(epoch from (first_response_at - first_seen_at)) as first_s,
                 extract(epoch from (resolved_at - first_seen_at)) as res_s
          from complaints
          where brand_id = ${input.brandId}::uuid
            and first_seen_at >= ${input.from.toISOString()}::timestamptz
            and first_seen_at < ${input.to.toISOString()}::timestamptz
        )
        select count(first_s) as answered, count(*) - count(first_s) as unanswered,
          percentile_cont(0.5) within group (order by first_s) as first_p50,
          percentile_cont(0.9) within group (order by first_s) as first_p90,
          count(res_s) as resolved,
          percentile_cont(0.5) within group (order by res_s) as res_p50,
          percentile_cont(0.9) within group (order by res_s) as res_p90
        from window_`,
  )
  const round = (n: number | null) => (n === null ? null : Math.round(Number(n)))
  return {
    answered: Number(row!.answered),
    unanswered: Number(row!.unanswered),
    firstResponse: { p50Seconds: round(row!.first_p50), p90Seconds: round(row!.first_p90) },
    resolution: {
      resolved: Number(row!.resolved),
      p50Seconds: round(row!.res_p50),
      p90Seconds: round(row!.res_p90),
    },
  }
}
