import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { QUEUE_NAMES, type QueueName } from '../../shared/schemas/jobs.js'
import type { Queue } from 'bullmq'

export type Metrics = ReturnType<typeof createMetrics>

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const

/** One registry per process; Prometheus scrapes each process (API and every worker). */
export function createMetrics() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'firebreak_' })
  let queues: Partial<Record<QueueName, Queue>> = {}

  return {
    registry,
    postsIngested: new Counter({
      name: 'firebreak_posts_ingested_total',
      help: 'Posts stored for the first time, by channel',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
    postsDuplicate: new Counter({
      name: 'firebreak_posts_duplicate_total',
      help: 'Posts received again and not stored twice, by channel',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
    postsRejected: new Counter({
      name: 'firebreak_posts_rejected_total',
      help: 'Payloads that failed validation and were set aside, by channel',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
    postsAnalyzed: new Counter({
      name: 'firebreak_posts_analyzed_total',
      help: 'Posts analysed and scored',
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'firebreak_job_duration_seconds',
      help: 'Time a job took to process, by job name',
      labelNames: ['job'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'firebreak_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        for (const name of QUEUE_NAMES) {
          const queue = queues[name]
          if (!queue) continue
          const counts = await queue.getJobCounts(...JOB_STATES).catch(() => null)
          if (!counts) continue
          for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0)
        }
      },
    }),
    /** Lets the depth gauge read the queues once they exist. */
    watchQueues(byName: Record<QueueName, Queue>) {
      queues = byName
    },
  }
}
