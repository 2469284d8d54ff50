import { scheduleAllSources } from './schedule.js'
import type { AppContext } from '../server/context.js'
import { sweepOutbox } from '../server/domain/ingest/dispatch-outbox.js'
import { retryDeadLetters } from '../server/queue/dead-letters.js'
import { runSlaTimers } from './sla-timers.js'
import { runPromiseTimers } from './promise-timers.js'
import { runThemePass } from './theme-timers.js'
import { runSpikeDetection } from './spike-alerts.js'
import { runTriageTimers } from './triage-timers.js'
import { RETENTION_EVERY_MS, runRetention } from './retention-timers.js'

/** An outbox row enqueued this long ago without being done has its job looked up. */
const STALE_MS = 60_000

/**
 * The worker's housekeeping, every OUTBOX_SWEEP_MS while PostgreSQL and Redis both answer (and
 * at once when either comes back): dead letters an outage or a dead worker left are retried,
 * then every pending outbox row is made sure to have a live job. When Redis comes back it may
 * have lost everything, so what lives only there is written again first (`onRedisBack`) and
 * every pending row is looked up, however recently it was enqueued. Each pass logs only what it
 * did, once; a pass cut short by an outage is the monitor's to report.
 */
export function startMaintenance(
  ctx: AppContext,
  hooks: { onRedisBack: () => Promise<void> },
): { stop(): Promise<void> } {
  const log = ctx.logger.child({ mod: 'maintenance' })
  let running: Promise<void> | null = null
  let again = false
  let redisWasBack = false
  let retentionDueAt = 0
  let stopped = false

  const pass = async () => {
    if (!ctx.health.isUp('postgres') || !ctx.health.isUp('redis')) return
    const staleMs = redisWasBack ? 0 : STALE_MS
    if (redisWasBack) await hooks.onRedisBack()
    redisWasBack = false
    const retried = await retryDeadLetters(ctx.queues, { onlyRetriesItself: true })
    if (retried) log.info({ retried }, `retried ${retried} dead-lettered jobs by themselves`)
    const swept = await sweepOutbox(ctx, { staleMs })
    if (swept.enqueued || swept.redispatched)
      log.info(swept, 'outbox: enqueued pending rows, and re-added those whose jobs were lost')
    // Sources an admin added or resumed since the last pass get their schedule (the API writes
    // only PostgreSQL); finished or paused ones end their own at their next tick.
    await scheduleAllSources(ctx)
    const triage = await runTriageTimers(ctx)
    if (triage.woke || triage.assigned)
      log.info(triage, 'triage: snoozes ended, complaints auto-assigned')
    const sla = await runSlaTimers(ctx)
    if (sla.breached) log.info(sla, 'response targets missed: owners and advisers notified')
    const promises = await runPromiseTimers(ctx)
    if (promises.reminded || promises.overdue)
      log.info(promises, 'promises: owners reminded, overdue ones raised')
    const themes = await runThemePass(ctx)
    if (themes.discovered) log.info(themes, 'themes: discovered again, new posts joined')
    const spikes = await runSpikeDetection(ctx)
    if (spikes.alerts) log.info(spikes, 'spike alerts raised')
    if (Date.now() >= retentionDueAt) {
      const retention = await runRetention(ctx)
      retentionDueAt = retention.backlog ? 0 : Date.now() + RETENTION_EVERY_MS
      if (retention.posts || retention.rollups)
        log.info(retention, 'retention: expired raw posts and old rollups deleted')
    }
  }

  const run = () => {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = pass()
      .catch((err: unknown) => {
        if (!ctx.health.reportFailure(err, 'postgres')) log.warn({ err }, 'maintenance pass failed')
      })
      .finally(() => {
        running = null
        if (again && !stopped) {
          again = false
          run()
        }
      })
  }

  const timer = setInterval(run, ctx.config.outboxSweepMs)
  timer.unref()
  const off = ctx.health.onChange((dependency, up) => {
    if (!up) return
    if (dependency === 'redis') redisWasBack = true
    run()
  })
  return {
    /** Stops the timer and waits for a pass under way, so nothing runs on a closed pool. */
    async stop() {
      stopped = true
      clearInterval(timer)
      off()
      while (running) await running
    },
  }
}
