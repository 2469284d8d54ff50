import { z } from 'zod'
import { OutcomeViewSchema, ResponseTimesSchema, SlaViewSchema } from '../sla.js'
import { normalizeText } from '../text.js'
import { COMPLAINT_STATES, DISMISS_REASONS } from '../triage.js'
import { ScoreExplanationSchema, SENTIMENT_LABELS } from './scoring.js'

/** Longest text a list view carries; the full text is fetched with the post. */
export const VIEW_TEXT_LIMIT = 2000

/** What the analyzer said of a post, with its reasons, for the console's "why" view. */
export const AnalysisViewSchema = z.object({
  /** The analyzer version; null when the post has no analysis yet. */
  version: z.string().nullable(),
  /** Probability of the sentiment label; null for analyzers that did not give one. */
  confidence: z.number().nullable(),
  complaintScore: z.number().nullable(),
  /** ISO 639-1 code the analyzer detected. */
  language: z.string().nullable(),
  /** False when no model reads the language: the console asks a person to read the post. */
  supported: z.boolean(),
  reasons: z.array(z.string()),
  complaintReasons: z.array(z.string()),
})
export type AnalysisView = z.infer<typeof AnalysisViewSchema>

/** A post as the console shows it: text is raw and must be rendered as text. */
export const PostViewSchema = z.object({
  id: z.number().int(),
  network: z.string(),
  externalId: z.string(),
  url: z.string().nullable(),
  text: z.string(),
  textLength: z.number().int(),
  lang: z.string().nullable(),
  /** When the author posted it, as the network says. */
  postedAt: z.string(),
  isDeleted: z.boolean(),
  author: z.object({
    handle: z.string(),
    displayName: z.string().nullable(),
    followers: z.number().int().nullable(),
  }),
  engagement: z.object({ likes: z.number(), replies: z.number(), shares: z.number() }),
  sentiment: z.object({ score: z.number(), label: z.enum(SENTIMENT_LABELS) }),
  analysis: AnalysisViewSchema,
  priority: z.number(),
  explanation: ScoreExplanationSchema,
})
export type PostView = z.infer<typeof PostViewSchema>

/** Longest reason an adviser may give for picking a thread, in UTF-16 code units (as maxlength). */
export const PICK_REASON_MAX = 500

/** An adviser's pick of a complaint's thread: who picked it, when, and why. */
export const PickViewSchema = z.object({
  /** The adviser's (or admin's) name. */
  by: z.string(),
  at: z.string(),
  /** Written by the adviser: render as text. */
  reason: z.string().nullable(),
})
export type PickView = z.infer<typeof PickViewSchema>

/** The triage unit: a thread with at least one complaint, led by its highest-priority post. */
export const ComplaintViewSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  state: z.enum(COMPLAINT_STATES),
  /**
   * Bumped by every triage change (state, owner, snooze): a change names the version it saw,
   * and is refused with 409 and the current view when someone else changed it first.
   */
  version: z.number().int(),
  /** Hidden from the queue until then (ISO time); null when not snoozed or once it returned. */
  snoozedUntil: z.string().nullable(),
  /** Why it was dismissed (the note is written by a person: render as text). */
  dismissal: z.object({ reason: z.enum(DISMISS_REASONS), note: z.string().nullable() }).nullable(),
  /**
   * Who works it, null when unassigned. Owners are the team's business: views sent to viewers
   * (leadership) leave it out.
   */
  assignee: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
  /** Priority at `presentedAt`; it grows with waiting (see `waiting`). */
  priority: z.number(),
  /** The scoring version (`priority-<n>`) that ranked it. */
  scoringVersion: z.string(),
  /** The queue's order: higher first, the same at every instant (shared/scoring/ranking.ts). */
  rankKey: z.number(),
  /** Priority at any time t: basePriority + ratePerHour x hours since `since`. */
  waiting: z.object({
    basePriority: z.number(),
    ratePerHour: z.number(),
    since: z.string().nullable(),
  }),
  presentedAt: z.string(),
  network: z.string(),
  threadKey: z.string(),
  postCount: z.number().int(),
  complaintCount: z.number().int(),
  firstSeenAt: z.string(),
  lastActivityAt: z.string(),
  /** An adviser's pick of the thread (a factor of its priority), or null. */
  pick: PickViewSchema.nullable(),
  /** The answer it is owed now and its deadline (shared/sla.ts); null when none is owed. */
  sla: SlaViewSchema.nullable(),
  /** What the latest sent reply did to its author's tone; null until they posted after one. */
  outcome: OutcomeViewSchema.nullable(),
  /**
   * A promise made in the thread is overdue (due then, still open): the thread is raised with a
   * mark until the promise is kept or broken.
   */
  promiseOverdueSince: z.string().nullable(),
  /** First-response and resolution times, from its arrival. */
  responseTimes: ResponseTimesSchema,
  lead: PostViewSchema,
})
export type ComplaintView = z.infer<typeof ComplaintViewSchema>

export const BrandParams = z.object({ brandId: z.uuid('must be a brand id') })

export const ListComplaintsQuery = z.object({
  /** States to list, comma-separated (`new,open`: the work queue). */
  state: z
    .string()
    .transform((text) => text.split(','))
    .pipe(z.array(z.enum(COMPLAINT_STATES)).min(1))
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

/** A ranked page of complaints and the event seq it is consistent with. */
export const ComplaintListSchema = z.object({
  data: z.array(ComplaintViewSchema),
  seq: z.number().int(),
})
export type ComplaintList = z.infer<typeof ComplaintListSchema>

/**
 * Pick a complaint's thread as one that matters most, with an optional reason. The reason is
 * trimmed, made storable (no NUL, no lone surrogates) and an empty one counts as none.
 */
export const PickComplaintBody = z.object({
  reason: z
    .string('must be text')
    .transform(normalizeText)
    .pipe(z.string().trim().max(PICK_REASON_MAX, `must be at most ${PICK_REASON_MAX} characters`))
    .transform((reason) => reason || null)
    .nullish()
    .transform((reason) => reason ?? null),
})
export type PickComplaintBody = z.infer<typeof PickComplaintBody>
