import { sql } from 'drizzle-orm'
import { ALERT_SERIES, type AlertSeries } from '../shared/schemas/alerts.js'
import type { AppContext } from '../server/context.js'
import type { Tx } from '../server/db/client.js'
import { readRollups } from '../server/db/repositories/rollups.js'
import { queryRows } from '../server/db/rows.js'
import { publishAlerts } from '../server/realtime/alert-events.js'
import { pushNotifications } from '../server/realtime/triage-events.js'
import { raiseAlerts, type FoundSpike } from '../server/domain/alerts/raise-alerts.js'
import { dispatchOutbox, type OutboxRef } from '../server/domain/ingest/dispatch-outbox.js'
import { clockNow } from '../server/lib/clock.js'
import {
  createSpikeDetector,
  DEFAULT_SPIKE_OPTIONS,
  type SpikeDetectorState,
} from './pipeline/spike-detector.js'

/** The detector's grain. */
export const BUCKET_MS = 5 * 60_000
/**
 * A bucket is read this long after it ends: posts are counted by when they were written, and
 * reach the rollups after ingest and analysis (seconds for the demo and webhooks).
 */
export const SETTLE_MS = 60_000
/** What a detector is fed when it starts (first run, or after a gap longer than this). */
export const HISTORY_MS = DEFAULT_SPIKE_OPTIONS.days * 24 * 3600_000
/** A spike found in buckets older than this (catching up after downtime) is not raised. */
export const ALERT_MAX_AGE_MS = 3 * 3600_000

/** The start of the newest bucket that is complete (ended, and settled) at `now`. */
export const lastCompleteBucket = (now: number) =>
  Math.floor((now - SETTLE_MS) / BUCKET_MS) * BUCKET_MS - BUCKET_MS

interface DetectorRow {
  series: AlertSeries
  state: SpikeDetectorState | null
  last_bucket: Date | string | null
}

/**
 * The online spike detector's pass, run by the worker's housekeeping (every few seconds; it
 * works only when a 5-minute bucket has completed, or to catch up after downtime). For each
 * brand whose detectors are behind, one transaction: lock its detector rows, read the complete
 * buckets since from the minute rollups ('all'), push them (empty ones as 0) into the detectors
 * restored from their state, save the states with their last bucket and raise what they found.
 * After commit, alerts are pushed to the brand's consoles and their webhooks enqueued.
 *
 * A brand's detector starts from a week of its rollups (zeros where nothing was written), quietly:
 * spikes in that history are not raised. A brand that had no posts before Firebreak watched it
 * starts as silent, so its first surge alerts (the demo's does).
 */
export async function runSpikeDetection(
  ctx: AppContext,
  at?: Date,
): Promise<{ brands: number; alerts: number }> {
  const now = (at ?? (await clockNow(ctx))).getTime()
  const last = lastCompleteBucket(now)
  const behind = await queryRows<{ id: string }>(
    ctx.db,
    sql`select b.id from brands b
        left join spike_detectors d on d.brand_id = b.id
        group by b.id
        having count(d.last_bucket) < ${ALERT_SERIES.length}
          or min(d.last_bucket) < ${new Date(last).toISOString()}::timestamptz
        order by b.id`,
  )
  let alerts = 0
  for (const { id: brandId } of behind) {
    let raised: Awaited<ReturnType<typeof detectBrand>>
    try {
      raised = await ctx.db.transaction((tx) => detectBrand(tx, brandId, now))
    } catch (err) {
      // An outage ends the pass (the housekeeping reports it); anything else is this brand's
      // alone, and the other brands are still watched.
      if (ctx.health.reportFailure(err, 'postgres')) throw err
      ctx.logger.warn({ mod: 'spikes', brandId, err }, 'spike detection failed for a brand')
      continue
    }
    alerts += raised.alertIds.length
    for (const ref of raised.outbox) await dispatchOutbox(ctx, ref)
    await publishAlerts(ctx, 'alert.raised', raised.alertIds)
    await pushNotifications(ctx, raised.notificationIds)
  }
  return { brands: behind.length, alerts }
}

async function detectBrand(tx: Tx, brandId: string, now: number) {
  const last = lastCompleteBucket(now)
  const oldest = last - HISTORY_MS + BUCKET_MS
  await tx.execute(
    sql`insert into spike_detectors (brand_id, series)
        select ${brandId}::uuid, unnest(${sql.param([...ALERT_SERIES])}::text[])
        on conflict do nothing`,
  )
  // Locked in series order; a second worker's pass waits here, then finds nothing left to do.
  const rows = await queryRows<DetectorRow>(
    tx,
    sql`select series, state, last_bucket from spike_detectors
        where brand_id = ${brandId}::uuid order by series for update`,
  )
  const plans = rows.map((row) => {
    const lastBucket = row.last_bucket === null ? null : new Date(row.last_bucket).getTime()
    // No state (or one this version cannot read), or a gap longer than the history: start again
    // from the history, quietly.
    const restored = lastBucket !== null && lastBucket >= oldest - BUCKET_MS && restore(row.state)
    const fresh = !restored
    return {
      series: row.series,
      detector: restored || createSpikeDetector(),
      from: fresh ? oldest : lastBucket! + BUCKET_MS,
      quietUntil: fresh ? last + BUCKET_MS : 0,
    }
  })
  const from = Math.min(...plans.map((p) => p.from))
  if (from > last)
    return { alertIds: [] as string[], outbox: [] as OutboxRef[], notificationIds: [] as number[] }

  const counts = await bucketCounts(tx, brandId, from, last + BUCKET_MS)
  const spikes: FoundSpike[] = []
  for (const plan of plans) {
    if (plan.from > last) continue
    for (let bucket = plan.from; bucket <= last; bucket += BUCKET_MS) {
      const value = counts.get(bucket)?.[plan.series] ?? 0
      const found = plan.detector.push(bucket, value)
      if (found && bucket >= plan.quietUntil && bucket >= now - ALERT_MAX_AGE_MS)
        spikes.push({ series: plan.series, ...found })
    }
    await tx.execute(
      sql`update spike_detectors
          set state = ${JSON.stringify(plan.detector.state())}::jsonb,
              last_bucket = ${new Date(last).toISOString()}::timestamptz, updated_at = now()
          where brand_id = ${brandId}::uuid and series = ${plan.series}`,
    )
  }
  return raiseAlerts(tx, brandId, spikes)
}

/** A detector resumed from its stored state; null when there is none or it does not parse. */
function restore(state: unknown) {
  if (!state) return null
  try {
    return createSpikeDetector(state as SpikeDetectorState)
  } catch {
    return null
  }
}

/** Posts and complaints per 5-minute bucket in [from, to), summed from the minute rollups. */
async function bucketCounts(
  tx: Tx,
  brandId: string,
  from: number,
  to: number,
): Promise<Map<number, Record<AlertSeries, number>>> {
  const rows = await readRollups(tx, {
    brandId,
    grain: 'minute',
    dimension: 'all',
    from: new Date(from),
    to: new Date(to),
  })
  const counts = new Map<number, Record<AlertSeries, number>>()
  for (const row of rows) {
    const bucket = Math.floor(row.bucket.getTime() / BUCKET_MS) * BUCKET_MS
    const sum = counts.get(bucket) ?? { volume: 0, complaints: 0 }
    sum.volume += row.posts
    sum.complaints += row.complaints
    counts.set(bucket, sum)
  }
  return counts
}
