import { Queue, type JobsOptions } from 'bullmq'
import type { RedisClient } from './redis.js'
import {
  JOBS,
  QUEUE_NAMES,
  type JobData,
  type JobName,
  type QueueName,
} from '../../shared/schemas/jobs.js'
import type { Config } from '../config.js'

/** Retries with exponential backoff and jitter; keep recent successes and every failure. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { count: 1000 },
  removeOnFail: false,
}

/**
 * Alert webhook deliveries: more attempts than the default, the first retry after
 * ALERT_WEBHOOK_RETRY_BASE_MS and doubling (10 s, 20 s, ... about 21 minutes in all by default),
 * so a receiver restarting or rate-limiting us still gets the message.
 */
export const alertWebhookJobOptions = (config: Pick<Config, 'alertWebhooks'>): JobsOptions => ({
  attempts: config.alertWebhooks.attempts,
  backoff: { type: 'exponential', delay: config.alertWebhooks.retryBaseMs, jitter: 0.2 },
})

export type Queues = Record<QueueName, Queue> & {
  /** Adds a typed job; the payload is validated against the job's schema first. */
  add<N extends JobName>(name: N, data: JobData<N>, opts?: JobsOptions): Promise<void>
  close(): Promise<void>
}

/**
 * The producer side: one BullMQ Queue per kind of work, sharing one fail-fast connection.
 * `onError` hears their connection errors (without a listener BullMQ prints raw stacks).
 * `options` overrides the default job options of a queue (attempts and backoff).
 */
export function createQueues(
  connection: RedisClient,
  prefix: string,
  onError: (err: Error) => void,
  options: Partial<Record<QueueName, JobsOptions>> = {},
): Queues {
  const byName = Object.fromEntries(
    QUEUE_NAMES.map((name) => {
      const defaultJobOptions = { ...DEFAULT_JOB_OPTIONS, ...options[name] }
      const queue = new Queue(name, { connection, prefix, defaultJobOptions })
      queue.on('error', onError)
      return [name, queue]
    }),
  ) as Record<QueueName, Queue>
  return {
    ...byName,
    async add(name, data, opts) {
      const job = JOBS[name]
      await byName[job.queue].add(name, job.schema.parse(data), opts)
    },
    async close() {
      await Promise.all(Object.values(byName).map((queue) => queue.close()))
    },
  }
}
