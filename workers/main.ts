import { UnrecoverableError, Worker, type Job } from 'bullmq'
import {
  JOBS,
  JOB_NAMES,
  QUEUE_NAMES,
  type JobData,
  type JobName,
  type QueueName,
} from '../shared/schemas/jobs.js'
import type { AppContext } from '../server/context.js'
import { enqueuePendingRescores } from '../server/domain/scoring/enqueue-rescore.js'
import { describeError, OutageError } from '../server/lib/outage.js'
import { closeRedis, createRedis, type RedisClient } from '../server/queue/redis.js'
import { analyzePosts } from './processors/analyze-posts.js'
import { deliverAlert } from './processors/deliver-alert.js'
import { pollSource } from './processors/poll-source.js'
import { rescoreVersion } from './processors/rescore.js'
import { refreshReach } from '../server/domain/reach/refresh-reach.js'
import { startDelivery } from './delivery/run-delivery.js'
import { startMaintenance } from './maintenance.js'
import { testSource } from './processors/test-source.js'
import { scheduleAllSources } from './schedule.js'
import { blueskyStreamEnricher } from './sources/jetstream-enrich.js'
import { startStreamRunner } from './sources/stream-runner.js'

/** BullMQ's complaint about a job whose lock or key Redis no longer holds. */
const LOST_IN_OUTAGE = /^Missing (lock|key) for job/

type Processor<N extends JobName> = (ctx: AppContext, data: JobData<N>) => Promise<unknown>

/** One processor per job name: a job added to JOBS without one here fails to compile. */
const PROCESSORS: { [N in JobName]: Processor<N> } = {
  'post.analyze': analyzePosts,
  'source.poll': pollSource,
  'source.test': testSource,
  'scoring.rescore': rescoreVersion,
  'reach.refresh': (ctx) => refreshReach(ctx.db),
  'alert.deliver': deliverAlert,
}

export interface WorkersHandle {
  close(): Promise<void>
}

/**
 * Starts one BullMQ Worker per queue, re-schedules polled sources and runs the maintenance
 * loop (outbox sweeper, dead letters). `close` stops taking jobs and waits for the running
 * ones, so SIGTERM loses nothing.
 */
export async function startWorkers(ctx: AppContext): Promise<WorkersHandle> {
  const missing = JOB_NAMES.filter((name) => typeof PROCESSORS[name] !== 'function')
  if (missing.length) throw new Error(`No processor for job(s): ${missing.join(', ')}`)
  const log = ctx.logger.child({ mod: 'workers' })

  const concurrency: Record<QueueName, number> = {
    ingest: 4,
    analyze: ctx.config.analyze.concurrency,
    // One rescore at a time: a version's rows are added in order, batch after batch.
    rescore: 1,
    // Webhook posts wait on other servers (up to their timeout), not on our CPU.
    notify: 4,
  }
  const connections: RedisClient[] = []
  const workers = QUEUE_NAMES.map((queue) => {
    const connection = createRedis(ctx.config.redis, 'worker')
    connections.push(connection)
    const worker = new Worker(queue, (job: Job) => runJob(ctx, job), {
      connection,
      prefix: ctx.config.queuePrefix,
      concurrency: concurrency[queue],
      lockDuration: ctx.config.jobLockMs,
      stalledInterval: Math.max(1000, Math.floor(ctx.config.jobLockMs / 2)),
      maxStalledCount: 5,
    })
    // A job failure is logged once, here, with its id; attempts left decide whether it retries.
    // One an outage caused is the monitor's single "waiting for" line, not a line per job.
    worker.on('failed', (job, err) => {
      const fields = { jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, err }
      if (err.name === 'OutageError') return log.debug(fields, 'job failed: dependency away')
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1)
      log.warn(fields, final ? 'job failed for good; it waits in the dead letters' : 'job failed')
    })
    worker.on('error', (err) => {
      if (ctx.health.reportFailure(err, 'redis')) return
      // A job that finished while Redis was away lost its lock (or its key, when Redis came
      // back empty): it runs again, or its outbox row is re-added. Expected after an outage.
      if (LOST_IN_OUTAGE.test(err.message)) return log.debug({ err, queue }, 'job lost its lock')
      log.error({ err, queue }, 'worker error')
    })
    return worker
  })

  await scheduleEverything(ctx)
  const maintenance = startMaintenance(ctx, {
    // Redis may have lost the schedules; they live in PostgreSQL and are written again.
    onRedisBack: () => scheduleEverything(ctx),
  })
  // Replies go out from PostgreSQL's delivery outbox, not from a queue (see run-delivery.ts).
  const delivery = startDelivery(ctx)
  // Networks that push (a firehose) hold a connection instead of a poll schedule.
  const streams = startStreamRunner(ctx, { enrich: blueskyStreamEnricher(ctx) })
  log.info({ queues: QUEUE_NAMES }, 'workers started')

  return {
    async close() {
      await streams.close()
      await maintenance.stop()
      await delivery.stop()
      // Running jobs are waited for; with Redis away they could not be marked done anyway
      // (they run again once their lock lapses), so the workers stop at once.
      const force = !ctx.health.isUp('redis')
      await Promise.all(workers.map((w) => w.close(force)))
      // Each worker's own connection is ours to close (BullMQ closed the ones it made). Not
      // with worker.disconnect(), which waits for an 'end' that a Cluster closed this way
      // never emits.
      await Promise.all(connections.map((c) => closeRedis(c)))
    },
  }
}

/**
 * Writes what lives only in Redis from what PostgreSQL says: the polling schedule of every
 * source not finished, pending rescores (resumed at their cursor) and the reach refresh.
 */
async function scheduleEverything(ctx: AppContext): Promise<void> {
  const sources = await scheduleAllSources(ctx)
  const rescores = await enqueuePendingRescores(ctx)
  if (ctx.config.reachRefreshMs > 0) {
    await ctx.queues.rescore.upsertJobScheduler(
      'reach-refresh',
      { every: ctx.config.reachRefreshMs },
      { name: 'reach.refresh', data: {} },
    )
  }
  ctx.logger.debug({ mod: 'workers', sources, rescores }, 'schedules written')
}

/**
 * Runs one job through its processor. What a failure leaves in Redis (BullMQ keeps the message
 * as the job's failed reason, shown to admins) is the cause in one line: an outage says which
 * dependency was away, so the dead letter is retried by itself once it is back; a failed
 * query never carries its statement or parameters.
 */
async function runJob(ctx: AppContext, job: Job): Promise<unknown> {
  const name = job.name as JobName
  const spec = JOBS[name]
  if (!spec) throw new UnrecoverableError(`unknown job name ${job.name}`)
  const data = spec.schema.safeParse(job.data)
  if (!data.success) throw new UnrecoverableError(`invalid ${name} payload: ${data.error.message}`)
  const stop = ctx.metrics.jobDuration.startTimer({ job: name })
  try {
    return await (PROCESSORS[name] as Processor<typeof name>)(ctx, data.data as never)
  } catch (err) {
    const dependency = ctx.health.reportFailure(err, 'postgres')
    if (dependency) throw new OutageError(dependency, err)
    if (err instanceof UnrecoverableError) throw err
    const { message, code, constraint, statement } = describeError(err)
    const where = [code, constraint, statement].filter(Boolean).join(', ')
    throw new Error(where ? `${message} (${where})` : message, { cause: err })
  } finally {
    stop()
  }
}
