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
import { sweepOutbox } from '../server/domain/ingest/dispatch-outbox.js'
import { enqueuePendingRescores } from '../server/domain/scoring/enqueue-rescore.js'
import { createRedis } from '../server/queue/redis.js'
import { analyzePosts } from './processors/analyze-posts.js'
import { pollSource } from './processors/poll-source.js'
import { rescoreVersion } from './processors/rescore.js'
import { refreshReach } from '../server/domain/reach/refresh-reach.js'
import { scheduleAllSources } from './schedule.js'

type Processor<N extends JobName> = (ctx: AppContext, data: JobData<N>) => Promise<unknown>

/** One processor per job name: a job added to JOBS without one here fails to compile. */
const PROCESSORS: { [N in JobName]: Processor<N> } = {
  'post.analyze': analyzePosts,
  'source.poll': pollSource,
  'scoring.rescore': rescoreVersion,
  'reach.refresh': (ctx) => refreshReach(ctx.db),
}

export interface WorkersHandle {
  close(): Promise<void>
}

/**
 * Starts one BullMQ Worker per queue, re-schedules polled sources and runs the outbox sweeper.
 * `close` stops taking jobs and waits for the running ones, so SIGTERM loses nothing.
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
  }
  const workers = QUEUE_NAMES.map((queue) => {
    const worker = new Worker(queue, (job: Job) => runJob(ctx, job), {
      connection: createRedis(ctx.config.redisUrl, 'worker'),
      prefix: ctx.config.queuePrefix,
      concurrency: concurrency[queue],
      lockDuration: ctx.config.jobLockMs,
      stalledInterval: Math.max(1000, Math.floor(ctx.config.jobLockMs / 2)),
      maxStalledCount: 5,
    })
    // A job failure is logged once, here, with its id; attempts left decide whether it retries.
    worker.on('failed', (job, err) =>
      log.warn(
        { jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, err: err.message },
        'job failed',
      ),
    )
    worker.on('error', (err) => log.error({ err: err.message, queue }, 'worker error'))
    return worker
  })

  const scheduled = await scheduleAllSources(ctx)
  // A rescore whose job Redis lost (or that was seeded by a migration) resumes at its cursor.
  await enqueuePendingRescores(ctx)
  if (ctx.config.reachRefreshMs > 0) {
    await ctx.queues.rescore.upsertJobScheduler(
      'reach-refresh',
      { every: ctx.config.reachRefreshMs },
      { name: 'reach.refresh', data: {} },
    )
  }
  const sweeper = setInterval(() => {
    sweepOutbox(ctx, { staleMs: 60_000 }).then(
      (n) => n && log.info({ dispatched: n }, 'outbox sweeper re-enqueued pending work'),
      (err: Error) => log.warn({ err: err.message }, 'outbox sweep failed'),
    )
  }, ctx.config.outboxSweepMs)
  sweeper.unref()
  log.info({ queues: QUEUE_NAMES, scheduledSources: scheduled }, 'workers started')

  return {
    async close() {
      clearInterval(sweeper)
      await Promise.all(workers.map((w) => w.close()))
      await Promise.all(workers.map((w) => w.disconnect()))
    },
  }
}

async function runJob(ctx: AppContext, job: Job): Promise<unknown> {
  const name = job.name as JobName
  const spec = JOBS[name]
  if (!spec) throw new UnrecoverableError(`unknown job name ${job.name}`)
  const data = spec.schema.safeParse(job.data)
  if (!data.success) throw new UnrecoverableError(`invalid ${name} payload: ${data.error.message}`)
  const stop = ctx.metrics.jobDuration.startTimer({ job: name })
  try {
    return await (PROCESSORS[name] as Processor<typeof name>)(ctx, data.data as never)
  } finally {
    stop()
  }
}
