import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { QUEUE_NAMES, type QueueName } from '../../shared/schemas/jobs.js'
import { DEPENDENCIES } from '../../shared/schemas/operations.js'
import type { Queue } from 'bullmq'
import type { DependencyMonitor } from './dependency-monitor.js'

export type Metrics = ReturnType<typeof createMetrics>

/** What the read replica gauge reads: the replica's last probe (server/db/read-replica.ts). */
interface ReplicaStatus {
  status(): { inUse: boolean; lagMs: number | null }
}

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const

/** One registry per process; Prometheus scrapes each process (API and every worker). */
export function createMetrics() {
  const registry = new Registry()
  // Event-loop delay sampled every millisecond: at prom-client's default of 10 ms, an idle
  // loop already reads 10-11 ms at p99, which would hide the delay that matters.
  collectDefaultMetrics({
    register: registry,
    prefix: 'firebreak_',
    eventLoopMonitoringPrecision: 1,
  })
  let queues: Partial<Record<QueueName, Queue>> = {}
  let health: DependencyMonitor | null = null
  let outboxPending: () => Promise<number | null> = async () => null
  let replica: ReplicaStatus | null = null

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
    sourcePolls: new Counter({
      name: 'firebreak_source_polls_total',
      help: 'Polls of a configured source, by source, kind and outcome (ok, failed)',
      labelNames: ['source', 'kind', 'outcome'] as const,
      registers: [registry],
    }),
    sourcePosts: new Counter({
      name: 'firebreak_source_posts_total',
      help: 'Posts a configured source stored for the first time',
      labelNames: ['source', 'kind'] as const,
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
    dependencyUp: new Gauge({
      name: 'firebreak_dependency_up',
      help: 'Whether PostgreSQL and Redis answer, as this process last saw them (1 up, 0 down)',
      labelNames: ['dependency'] as const,
      registers: [registry],
      collect() {
        for (const d of DEPENDENCIES) this.set({ dependency: d }, health?.isUp(d) === false ? 0 : 1)
      },
    }),
    deadLetters: new Gauge({
      name: 'firebreak_dead_letters',
      help: 'Jobs that ran out of attempts, by queue (their work is not lost: see /api/operations)',
      labelNames: ['queue'] as const,
      registers: [registry],
      async collect() {
        for (const name of QUEUE_NAMES) {
          const count = await queues[name]?.getFailedCount().catch(() => null)
          if (count !== null && count !== undefined) this.set({ queue: name }, count)
        }
      },
    }),
    outboxPending: new Gauge({
      name: 'firebreak_outbox_pending',
      help: 'Outbox rows whose work is not done yet',
      registers: [registry],
      async collect() {
        const pending = await outboxPending().catch(() => null)
        if (pending !== null) this.set(pending)
      },
    }),
    readReplica: new Gauge({
      name: 'firebreak_read_replica',
      help: 'The read replica: in_use 1 while lists read it; lag_seconds behind the primary (absent while it does not answer)',
      labelNames: ['measure'] as const,
      registers: [registry],
      collect() {
        if (!replica) return
        const { inUse, lagMs } = replica.status()
        this.set({ measure: 'in_use' }, inUse ? 1 : 0)
        if (lagMs === null) this.remove({ measure: 'lag_seconds' })
        else this.set({ measure: 'lag_seconds' }, lagMs / 1000)
      },
    }),
    outboxRedispatched: new Counter({
      name: 'firebreak_outbox_redispatched_total',
      help: 'Outbox rows re-added to the queue under a fresh job id because their job was lost',
      registers: [registry],
    }),
    /** Lets the depth gauge read the queues once they exist. */
    watchQueues(byName: Record<QueueName, Queue>) {
      queues = byName
    },
    /** Lets the dependency gauge read the monitor. */
    watchHealth(monitor: DependencyMonitor) {
      health = monitor
    },
    /** Lets the read replica gauge read the replica's last probe. */
    watchReadReplica(r: ReplicaStatus) {
      replica = r
    },
    /** How the pending outbox gauge counts (it needs the database). */
    watchOutbox(count: () => Promise<number | null>) {
      outboxPending = count
    },
  }
}
