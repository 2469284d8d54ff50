import { z } from 'zod'
import { IssueSchema } from '../errors.js'
import { INGEST_CHANNELS } from './posts.js'

/** Payloads are set aside by the ingest channel they came through. */
export const REJECTION_CHANNELS = INGEST_CHANNELS

/** A payload that failed validation, kept with its reason so nothing is silently dropped. */
export const RejectedPayloadViewSchema = z.object({
  id: z.number().int(),
  brandId: z.string().nullable(),
  sourceId: z.string().nullable(),
  channel: z.enum(REJECTION_CHANNELS),
  reason: z.string(),
  issues: z.array(IssueSchema),
  line: z.number().int().nullable(),
  payload: z.string(),
  payloadLength: z.number().int(),
  createdAt: z.string(),
})
export type RejectedPayloadView = z.infer<typeof RejectedPayloadViewSchema>

export const ListRejectionsQuery = z.object({
  channel: z.enum(REJECTION_CHANNELS).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
