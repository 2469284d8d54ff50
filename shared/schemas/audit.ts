import { z } from 'zod'

/** Every action the audit log records: sign-ins, administration and triage. */
export const AUDIT_ACTIONS = [
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.sign_in_blocked',
  'auth.signed_out',
  'auth.setup_completed',
  'user.invited',
  'user.updated',
  'user.setup_link_issued',
  'brand.updated',
  'brand.sla_targets_changed',
  'source.created',
  'source.credentials_changed',
  'scoring.draft_saved',
  'scoring.published',
  'author.linked',
  'author.unlinked',
  'complaint.picked',
  'complaint.unpicked',
  'complaint.state_changed',
  'complaint.assigned',
  'complaint.snoozed',
  'complaint.woke',
  'complaint.reopened_by_author',
  'complaint.note_added',
  'dead_letters.retried',
  'reply_account.credentials_changed',
  'reply.queued',
  'reply.awaiting_approval',
  'reply.approved',
  'reply.returned',
  'reply.resubmitted',
  'brand.reply_approval_changed',
  'reply.retried',
  'reply.recorded_elsewhere',
  'promise.made',
  'promise.reminded',
  'promise.overdue',
  'promise.kept',
  'promise.broken',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export const AuditEventViewSchema = z.object({
  id: z.number().int(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  createdAt: z.string(),
})
export type AuditEventView = z.infer<typeof AuditEventViewSchema>

export const ListAuditQuery = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  actorId: z.uuid().optional(),
  subjectType: z.string().max(50).optional(),
  subjectId: z.string().max(200).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
