import { z } from 'zod'
import { normalizeText } from '../text.js'
import { DISMISS_REASONS, SNOOZE_MAX_DAYS, TRANSITION_NAMES } from '../triage.js'

/** Longest note a dismissal may carry, in UTF-16 code units (as maxlength). */
export const DISMISS_NOTE_MAX = 500

const Version = z.number('must be the version you saw').int().min(0)

const Text = (max: number) =>
  z
    .string('must be text')
    .transform(normalizeText)
    .pipe(z.string().trim().max(max, `must be at most ${max} characters`))

/** Move a complaint along the state table; `dismiss` needs a reason, and `other` a note. */
export const TransitionComplaintBody = z
  .object({
    transition: z.enum(TRANSITION_NAMES, `must be one of ${TRANSITION_NAMES.join(', ')}`),
    version: Version,
    reason: z.enum(DISMISS_REASONS, `must be one of ${DISMISS_REASONS.join(', ')}`).optional(),
    note: Text(DISMISS_NOTE_MAX).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.transition === 'dismiss' && !body.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a dismissal needs a reason' })
    if (body.transition !== 'dismiss' && body.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'only a dismissal takes a reason' })
    if (body.reason === 'other' && !body.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'say why, when the reason is other' })
  })
export type TransitionComplaintBody = z.infer<typeof TransitionComplaintBody>

const SnoozeUntil = z.iso.datetime({ offset: true, message: 'must be an ISO time' })

/** Hide an active complaint until a time (within SNOOZE_MAX_DAYS), or bring it back (null). */
export const SnoozeComplaintBody = z.object({
  until: SnoozeUntil.nullable(),
  version: Version,
})
export type SnoozeComplaintBody = z.infer<typeof SnoozeComplaintBody>

/** Whether a snooze time is acceptable at `now`: in the future, and not too far. */
export function checkSnoozeUntil(until: string, now: number): string | null {
  const at = Date.parse(until)
  if (at <= now) return 'must be in the future'
  if (at > now + SNOOZE_MAX_DAYS * 86_400_000) return `must be within ${SNOOZE_MAX_DAYS} days`
  return null
}

/** Give a complaint to someone who can triage, or to nobody (null). */
export const AssignComplaintBody = z.object({
  assigneeId: z.uuid('must be a user id').nullable(),
  version: Version,
})
export type AssignComplaintBody = z.infer<typeof AssignComplaintBody>

/** Longest bulk change: the console selects at most this many rows at once. */
export const BULK_MAX = 500

/** What a bulk change may do to each selected complaint. */
export const BULK_ACTIONS = ['assign', 'resolve', 'dismiss', 'snooze'] as const

/**
 * The same change to many complaints, each at the version the console saw. A snooze names a
 * time (`until`; whether it is in the future and near enough is checkSnoozeUntil's, at `now`).
 */
export const BulkTriageBody = z
  .object({
    items: z
      .array(z.object({ id: z.uuid('must be a complaint id'), version: Version }))
      .min(1, 'select at least one complaint')
      .max(BULK_MAX, `select at most ${BULK_MAX} complaints`),
    action: z.enum(BULK_ACTIONS, `must be one of ${BULK_ACTIONS.join(', ')}`),
    assigneeId: z.uuid('must be a user id').nullable().optional(),
    reason: z.enum(DISMISS_REASONS).optional(),
    note: Text(DISMISS_NOTE_MAX).optional(),
    until: SnoozeUntil.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.action === 'assign' && body.assigneeId === undefined)
      ctx.addIssue({ code: 'custom', path: ['assigneeId'], message: 'say whom to assign' })
    if (body.action === 'snooze' && !body.until)
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'say until when to snooze' })
    if (body.action !== 'snooze' && body.until)
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'only a snooze takes a time' })
    if (body.action === 'dismiss' && !body.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a dismissal needs a reason' })
    if (body.reason === 'other' && !body.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'say why, when the reason is other' })
  })
export type BulkTriageBody = z.infer<typeof BulkTriageBody>

/** What happened to each complaint of a bulk change. */
export const BulkTriageResultSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      ok: z.boolean(),
      /** Why it was not changed (stale version, not allowed from its state...). */
      error: z.string().optional(),
    }),
  ),
})
export type BulkTriageResult = z.infer<typeof BulkTriageResultSchema>

/** Someone who can be given complaints or mentioned in notes. */
export const TriagerViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  /** Has a console open on the brand now. */
  online: z.boolean(),
  /** Active complaints of the brand they own. */
  openCount: z.number().int(),
})
export type TriagerView = z.infer<typeof TriagerViewSchema>
export const TriagerListSchema = z.object({ data: z.array(TriagerViewSchema) })

/** A brand's auto-assignment: off by default; `cap` is each agent's most active complaints. */
export const AutoAssignSchema = z.object({
  enabled: z.boolean('must be true or false'),
  cap: z.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500'),
})
export type AutoAssign = z.infer<typeof AutoAssignSchema>
