import type { Job } from 'bullmq'
import { QUEUE_NAMES, type JobName, type QueueName } from '../../shared/schemas/jobs.js'
import type { DeadLetterList, DeadLetterView } from '../../shared/schemas/operations.js'
import { isOutageReason } from '../lib/outage.js'
import type { Queues } from './queues.js'

/**
 * Dead letters are BullMQ's failed jobs: jobs that ran out of attempts (every queue keeps them,
 * `removeOnFail: false`). Their work is not lost, since an analyze job's outbox row stays
 * pending, but it waits until the job is retried: by itself when the failure was an outage or
 * a worker that died holding it, by an admin otherwise.
 */

/** BullMQ's reason for a job whose workers kept dying while they held it. */
const STALLED = /stalled more than allowable limit/

/** Whether a dead letter is retried by itself once its dependency is healthy. */
export const retriesItself = (reason: string) => isOutageReason(reason) || STALLED.test(reason)

/** Failed jobs in every queue; null when Redis does not answer. */
export async function countDeadLetters(queues: Queues): Promise<number | null> {
  try {
    const counts = await Promise.all(QUEUE_NAMES.map((name) => queues[name].getFailedCount()))
    return counts.reduce((a, b) => a + b, 0)
  } catch {
    return null
  }
}

type JobFields = Record<string, unknown>

/** What a job was for, in words: one per job name (a job added without one fails to compile). */
const SUBJECTS: { [N in JobName]: (data: JobFields) => string } = {
  'post.analyze': (data) => `analyse the posts of outbox row ${String(data.outboxId)}`,
  'source.poll': (data) => `poll source ${String(data.sourceId)}`,
  'source.test': (data) => `test the connection of source ${String(data.sourceId)}`,
  'scoring.rescore': (data) => `rescore scoring version ${String(data.versionId)}`,
  'reach.refresh': () => 'refresh every author’s reach',
  'alert.deliver': (data) =>
    `deliver the alert webhook message of outbox row ${String(data.outboxId)}`,
}

/** What a job was for, in words (a job of a name this version does not know: its name). */
function subjectOf(job: Job): string {
  const describe = Object.hasOwn(SUBJECTS, job.name) ? SUBJECTS[job.name as JobName] : null
  return describe ? describe((job.data ?? {}) as JobFields) : job.name
}

function present(queue: QueueName, job: Job): DeadLetterView {
  const reason = job.failedReason ?? 'unknown'
  return {
    queue,
    jobId: String(job.id),
    job: job.name,
    subject: subjectOf(job),
    attempts: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    lastError: reason.split('\n')[0]!.slice(0, 500),
    retriesItself: retriesItself(reason),
  }
}

/** The newest dead letters (of one queue, or of all), with the total in every queue. */
export async function listDeadLetters(
  queues: Queues,
  options: { queue?: QueueName; limit: number },
): Promise<DeadLetterList> {
  const names = options.queue ? [options.queue] : [...QUEUE_NAMES]
  const listed = (
    await Promise.all(
      names.map(async (name) =>
        (await queues[name].getFailed(0, options.limit - 1)).map((job) => present(name, job)),
      ),
    )
  ).flat()
  listed.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''))
  return { data: listed.slice(0, options.limit), total: (await countDeadLetters(queues)) ?? 0 }
}

/**
 * Moves dead letters back to their queue with fresh attempts: one job, a queue's, or all of
 * them; with `onlyRetriesItself`, only those an outage or a dead worker put there. A job another
 * process retried meanwhile is skipped. Returns how many were retried.
 */
export async function retryDeadLetters(
  queues: Queues,
  options: { queue?: QueueName; jobId?: string; onlyRetriesItself?: boolean; batch?: number },
): Promise<number> {
  const names = options.queue ? [options.queue] : [...QUEUE_NAMES]
  let retried = 0
  for (const name of names) {
    const queue = queues[name]
    const jobs = options.jobId
      ? [await queue.getJob(options.jobId)].filter((j): j is Job => !!j)
      : await queue.getFailed(0, (options.batch ?? 1000) - 1)
    for (const job of jobs) {
      if (options.onlyRetriesItself && !retriesItself(job.failedReason ?? '')) continue
      try {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true })
        retried++
      } catch {
        // Not failed any more: retried by another process, or removed.
      }
    }
  }
  return retried
}
