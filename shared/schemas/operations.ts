import { z } from 'zod'
import { QUEUE_NAMES } from './jobs.js'

/** What Firebreak cannot work without: the system of record and the queues. */
export const DEPENDENCIES = ['postgres', 'redis'] as const
export type Dependency = (typeof DEPENDENCIES)[number]

/** How people name them in messages. */
export const DEPENDENCY_LABELS: Record<Dependency, string> = {
  postgres: 'PostgreSQL',
  redis: 'Redis',
}

/** Whether a dependency answers, since when, and why not. */
export const DependencyStateSchema = z.object({
  up: z.boolean(),
  /** When it last went up or down. */
  since: z.string(),
  /** The cause of the outage, in one line (never a statement or its parameters). */
  error: z.string().nullable(),
})
export type DependencyState = z.infer<typeof DependencyStateSchema>

/**
 * A job that ran out of attempts. Nothing is lost with it (its outbox row stays pending), but
 * it waits: one that failed because a dependency was away, or because its worker died, is
 * retried by itself once the dependency is healthy; any other waits for an admin.
 */
export const DeadLetterViewSchema = z.object({
  queue: z.enum(QUEUE_NAMES),
  jobId: z.string(),
  /** The job's name (`post.analyze`, `source.poll`...). */
  job: z.string(),
  /** What the job was for, in words. */
  subject: z.string(),
  attempts: z.number().int(),
  failedAt: z.string().nullable(),
  /** The last error, in one line. */
  lastError: z.string(),
  /** Retried by itself once the dependency is back (an outage or a lost worker). */
  retriesItself: z.boolean(),
})
export type DeadLetterView = z.infer<typeof DeadLetterViewSchema>

export const DeadLetterListSchema = z.object({
  data: z.array(DeadLetterViewSchema),
  /** Dead letters in every queue, not only those listed. */
  total: z.number().int(),
})
export type DeadLetterList = z.infer<typeof DeadLetterListSchema>

export const ListDeadLettersQuery = z.object({
  queue: z.enum(QUEUE_NAMES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

/** Retry one dead letter (queue and job id), a queue's, or all of them (neither). */
export const RetryDeadLettersBody = z
  .object({
    queue: z.enum(QUEUE_NAMES).optional(),
    jobId: z.string().min(1).max(200).optional(),
  })
  .refine((b) => !b.jobId || b.queue, { message: 'a job id needs its queue', path: ['queue'] })
export type RetryDeadLettersBody = z.infer<typeof RetryDeadLettersBody>

export const RetryDeadLettersResultSchema = z.object({ retried: z.number().int() })

/**
 * The health of this Firebreak as `/healthz` and the Operations page show it. Counts that need
 * a dependency that is away are null.
 */
export const OperationsStatusSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  dependencies: z.object({ postgres: DependencyStateSchema, redis: DependencyStateSchema }),
  /** Jobs that ran out of attempts, in every queue (null while Redis is away). */
  deadLetters: z.number().int().nullable(),
  outbox: z.object({
    /** Outbox rows whose work is not done yet (null while PostgreSQL is away). */
    pending: z.number().int().nullable(),
    /**
     * Rows re-added to the queue under a fresh job id because their job was lost, by every
     * process since Redis last lost its data (null while Redis is away).
     */
    redispatched: z.number().int().nullable(),
  }),
})
export type OperationsStatus = z.infer<typeof OperationsStatusSchema>
