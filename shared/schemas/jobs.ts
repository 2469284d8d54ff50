import { z } from 'zod'

/**
 * Queues by kind of work: network-bound polling, CPU-bound analysis, batch rescoring, and
 * outgoing notifications (alert webhooks), whose retries wait minutes and must not hold up
 * the others.
 */
export const QUEUE_NAMES = ['ingest', 'analyze', 'rescore', 'notify'] as const
export type QueueName = (typeof QUEUE_NAMES)[number]

/**
 * Every job by name: its queue and payload schema. Payloads hold ids and cursors only,
 * never post text or secrets. Startup fails when a name has no processor.
 */
export const JOBS = {
  /** Analyze and score the posts an ingest outbox row lists. */
  'post.analyze': { queue: 'analyze', schema: z.object({ outboxId: z.number().int().positive() }) },
  /** Take the next batch from a source (replay, demo, later network connectors) at its cursor. */
  'source.poll': { queue: 'ingest', schema: z.object({ sourceId: z.string().min(1) }) },
  /** One real request to a source's network, nothing stored: an admin's Test connection. */
  'source.test': { queue: 'ingest', schema: z.object({ sourceId: z.string().min(1) }) },
  /** Recompute every author's reach, normalised per network, adding history rows. */
  'reach.refresh': { queue: 'rescore', schema: z.object({}) },
  /** Add a published scoring version's rows to every stored complaint post, in batches. */
  'scoring.rescore': {
    queue: 'rescore',
    schema: z.object({ versionId: z.number().int().positive() }),
  },
  /** Deliver one message (an alert, or a test) to one alert webhook, from its outbox row. */
  'alert.deliver': {
    queue: 'notify',
    schema: z.object({ outboxId: z.number().int().positive() }),
  },
} as const satisfies Record<string, { queue: QueueName; schema: z.ZodType }>

export type JobName = keyof typeof JOBS
export type JobData<N extends JobName> = z.infer<(typeof JOBS)[N]['schema']>
export const JOB_NAMES = Object.keys(JOBS) as JobName[]

/**
 * What an outbox row asks for, by kind: the kind is the job dispatched for the row (whose data
 * names the row, `{ outboxId }`), and this schema is the payload that job reads from it.
 */
export const OUTBOX_PAYLOADS = {
  /** The posts of one ingest batch to analyse and score together. */
  'post.analyze': z.object({ postIds: z.array(z.number().int().positive()).min(1) }),
  /** One webhook and what to tell it: an alert, or (alertId null) an admin's test message. */
  'alert.deliver': z.object({ webhookId: z.uuid(), alertId: z.uuid().nullable() }),
} as const satisfies Partial<Record<JobName, z.ZodType>>

export type OutboxKind = keyof typeof OUTBOX_PAYLOADS
export type OutboxPayload<K extends OutboxKind> = z.infer<(typeof OUTBOX_PAYLOADS)[K]>
export const OUTBOX_KINDS = Object.keys(OUTBOX_PAYLOADS) as OutboxKind[]
