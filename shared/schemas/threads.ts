import { z } from 'zod'
import { COMPLAINT_STATES, DISMISS_REASONS } from '../triage.js'
import { ComplainerDetailSchema } from './complainers.js'
import { ComplaintViewSchema } from './complaints.js'
import { NoteViewSchema } from './notes.js'
import { ReplyViewSchema } from './replies.js'
import { SENTIMENT_LABELS } from './scoring.js'

/** One stored post of a thread, by anyone: text is raw and must be rendered as text. */
export const ThreadPostSchema = z.object({
  id: z.number().int(),
  network: z.string(),
  externalId: z.string(),
  url: z.string().nullable(),
  text: z.string(),
  postedAt: z.string(),
  isDeleted: z.boolean(),
  /** The external id of the post it answers; null for the thread's root. */
  inReplyTo: z.string().nullable(),
  author: z.object({
    id: z.number().int(),
    handle: z.string(),
    displayName: z.string().nullable(),
    followers: z.number().int().nullable(),
  }),
  /** The analyzer's reading; null until the post is analysed. */
  sentiment: z.enum(SENTIMENT_LABELS).nullable(),
  isComplaint: z.boolean().nullable(),
  /** The post that ranks the complaint. */
  isLead: z.boolean(),
})
export type ThreadPost = z.infer<typeof ThreadPostSchema>

export const HISTORY_KINDS = [
  /** A person moved it along the state table. */
  'state',
  'assigned',
  'snoozed',
  'unsnoozed',
  /** The author posted again in a waiting or ended thread. */
  'reopened_by_author',
  /** A snooze ran out and the complaint returned to the queue. */
  'woke',
] as const
export type HistoryKind = (typeof HISTORY_KINDS)[number]

/** Who did what to a complaint, when: its history replays to its state. */
export const HistoryEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  /** Null for Firebreak itself (auto-assignment, the author's new post, a snooze ending). */
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  kind: z.enum(HISTORY_KINDS),
  from: z.enum(COMPLAINT_STATES),
  to: z.enum(COMPLAINT_STATES),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
  reason: z.enum(DISMISS_REASONS).nullable().optional(),
  note: z.string().nullable().optional(),
  until: z.string().nullable().optional(),
})
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>

/**
 * Everything about one complaint for the thread view: the conversation in order, the author's
 * card, the history, and (for the team, never for viewers) its notes.
 */
export const ThreadViewSchema = z.object({
  complaint: ComplaintViewSchema,
  posts: z.array(ThreadPostSchema),
  /** The lead post's author (or the person their accounts are linked to). */
  author: ComplainerDetailSchema.nullable(),
  history: z.array(HistoryEntrySchema),
  notes: z.array(NoteViewSchema).optional(),
  /** Replies with their delivery state (sent ones are also posts of the conversation); team only. */
  replies: z.array(ReplyViewSchema).optional(),
})
export type ThreadView = z.infer<typeof ThreadViewSchema>
