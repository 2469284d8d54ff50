import { z } from 'zod'

export const WRITING_KINDS = ['note', 'reply'] as const
export type WritingKind = (typeof WRITING_KINDS)[number]

/**
 * What one console tab is doing: the complaint it shows (null: the list) and whether it is
 * writing there. Sent on every change and again every PRESENCE_HEARTBEAT_MS.
 */
export const PresenceSetSchema = z.object({
  complaintId: z.uuid('must be a complaint id').nullable(),
  writing: z.enum(WRITING_KINDS).nullable(),
})
export type PresenceSet = z.infer<typeof PresenceSetSchema>

/** How often a tab repeats its presence; an entry not repeated within PRESENCE_TTL_MS is gone. */
export const PRESENCE_HEARTBEAT_MS = 10_000
export const PRESENCE_TTL_MS = 25_000

/** One person on one complaint (several tabs of theirs count once, writing if any writes). */
export const PresenceEntrySchema = z.object({
  userId: z.string(),
  name: z.string(),
  complaintId: z.string().nullable(),
  writing: z.enum(WRITING_KINDS).nullable(),
})
export type PresenceEntry = z.infer<typeof PresenceEntrySchema>

/** Everyone on a brand's console now. */
export const PresenceSnapshotSchema = z.object({
  brandId: z.string(),
  entries: z.array(PresenceEntrySchema),
})
export type PresenceSnapshot = z.infer<typeof PresenceSnapshotSchema>
