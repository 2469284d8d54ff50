import { z } from 'zod'
import type { Action } from './roles.js'
import { AlertViewSchema } from './schemas/alerts.js'
import { ComplaintViewSchema } from './schemas/complaints.js'
import { DraftChangedSchema } from './schemas/drafts.js'
import { NoteViewSchema } from './schemas/notes.js'
import { NotificationPushSchema } from './schemas/notifications.js'
import { PromiseViewSchema } from './schemas/promises.js'
import { PresenceSetSchema, PresenceSnapshotSchema } from './schemas/presence.js'
import { RescoreProgressSchema, ScoringVersionViewSchema } from './schemas/scoring-config.js'

/**
 * Every event the server pushes to consoles, by name, with the schema of its `data`.
 * `data` is the same view REST returns; each event is also a row with a per-brand `seq`.
 */
export const SERVER_EVENTS = {
  /** A complaint appeared or its priority changed because one of its posts was scored. */
  'complaint.scored': ComplaintViewSchema,
  /**
   * A complaint changed without a new score: its state, owner or snooze, or a post deleted at
   * the source.
   */
  'complaint.updated': ComplaintViewSchema,
  /** A reply to the complaint's thread was queued for delivery (new, or retried by a person). */
  'reply.queued': ComplaintViewSchema,
  /** A reply was published (or recorded as made elsewhere); the complaint waits on its author. */
  'reply.sent': ComplaintViewSchema,
  /** A reply was refused by its network, or its outcome is unknown: a person decides. */
  'reply.failed': ComplaintViewSchema,
  /** A reply waits for an adviser's approval (written, or resubmitted after a send-back). */
  'reply.awaiting_approval': ComplaintViewSchema,
  /** An adviser approved a reply (perhaps edited): it is queued for delivery. */
  'reply.approved': ComplaintViewSchema,
  /** An adviser sent a reply back to its author with a comment. */
  'reply.returned': ComplaintViewSchema,
  /** The writer of a sent-back reply discarded it: it will never go out. */
  'reply.discarded': ComplaintViewSchema,
} as const
export type ServerEventName = keyof typeof SERVER_EVENTS
export const SERVER_EVENT_NAMES = Object.keys(SERVER_EVENTS) as ServerEventName[]

/**
 * Rooms a socket may be in, and the action of the role matrix that lets it join. The server
 * joins them at the handshake from the session's role; clients cannot ask to join.
 */
export const ROOM_ACCESS = {
  /**
   * `brand:<id>`: a brand's published complaint data. Complaint views name their owner only
   * to the `team` room: the brand room without it gets them without.
   */
  brand: 'complaint.read',
  /** `brand:<id>:team`: those who triage: owners, notes, presence. */
  team: 'complaint.owners',
  /** `user:<id>`: one's own sockets, so that revoking a user reaches all of them. */
  user: 'account.self',
  /** `consoles`: every console, for announcements that concern all brands (scoring). */
  consoles: 'scoring.read',
} as const satisfies Record<string, Action>
export type RoomKind = keyof typeof ROOM_ACCESS

/** The room each event is published to: who receives it is who may join that room. */
export const SERVER_EVENT_ROOMS: Record<ServerEventName, RoomKind> = {
  'complaint.scored': 'brand',
  'complaint.updated': 'brand',
  'reply.queued': 'brand',
  'reply.sent': 'brand',
  'reply.failed': 'brand',
  'reply.awaiting_approval': 'brand',
  'reply.approved': 'brand',
  'reply.returned': 'brand',
  'reply.discarded': 'brand',
}

/** What a push carries: the brand's sequence number and the view. */
export type EventEnvelope<N extends ServerEventName = ServerEventName> = {
  seq: number
  brandId: string
  data: z.infer<(typeof SERVER_EVENTS)[N]>
}

/**
 * Announcements to every console, not tied to a brand's seq: the row they announce (a scoring
 * version) is the record, and a console that missed one reads it again with
 * `GET /api/scoring/versions`.
 */
export const BROADCAST_EVENTS = {
  /** A scoring version was published (its changelog and effective time included). */
  'scoring.published': ScoringVersionViewSchema,
  /** A rescore made progress, or finished: consoles refresh their ranked list when done. */
  'scoring.rescored': RescoreProgressSchema,
} as const
export type BroadcastEventName = keyof typeof BROADCAST_EVENTS
export const BROADCAST_EVENT_NAMES = Object.keys(BROADCAST_EVENTS) as BroadcastEventName[]
export const BROADCAST_EVENT_ROOMS: Record<BroadcastEventName, RoomKind> = {
  'scoring.published': 'consoles',
  'scoring.rescored': 'consoles',
}
export type BroadcastData<N extends BroadcastEventName> = z.infer<(typeof BROADCAST_EVENTS)[N]>

/**
 * Pushes that are not numbered: what they carry is read again on a reconnect (a thread's notes,
 * one's notifications) or is ephemeral (presence).
 */
export const TEAM_EVENTS = {
  /** A note was added to a thread: for the team's consoles showing it. */
  'note.added': NoteViewSchema,
  /** Who is on which complaint of the brand, and who writes: the whole picture each time. */
  'presence.changed': PresenceSnapshotSchema,
  /** A notification for one person, with their unread count. */
  'notification.created': NotificationPushSchema,
  /** Someone's reply draft on a complaint was saved, or is gone (sent or emptied). */
  'draft.changed': DraftChangedSchema,
  /** A promise was made, reminded, became overdue, or was kept or broken. */
  'promise.changed': PromiseViewSchema,
  /**
   * The spike detector raised an alert: to every console of the brand, viewers included (the
   * banner). Not numbered: a console that missed it reads `GET .../alerts` again on reconnect.
   */
  'alert.raised': AlertViewSchema,
  /** An alert was acknowledged or resolved: the banner goes on every console of the brand. */
  'alert.updated': AlertViewSchema,
} as const
export type TeamEventName = keyof typeof TEAM_EVENTS
export const TEAM_EVENT_NAMES = Object.keys(TEAM_EVENTS) as TeamEventName[]
export const TEAM_EVENT_ROOMS: Record<TeamEventName, RoomKind> = {
  'note.added': 'team',
  'presence.changed': 'team',
  'notification.created': 'user',
  'draft.changed': 'team',
  'promise.changed': 'team',
  'alert.raised': 'brand',
  'alert.updated': 'brand',
}
export type TeamData<N extends TeamEventName> = z.infer<(typeof TEAM_EVENTS)[N]>

export type ServerToClientEvents = {
  [N in ServerEventName]: (event: EventEnvelope<N>) => void
} & {
  [N in BroadcastEventName]: (data: BroadcastData<N>) => void
} & {
  [N in TeamEventName]: (data: TeamData<N>) => void
}

/**
 * Client-to-server events, each with the action it needs and its schema; the server parses
 * every one and checks the same role matrix as REST. Changes of data go through REST.
 */
export const CLIENT_EVENTS = {
  /** What this tab shows and whether it writes there (repeated as a heartbeat). */
  'presence.set': { action: 'presence.write', schema: PresenceSetSchema },
} as const satisfies Record<string, { action: Action; schema: z.ZodType }>
export type ClientEventName = keyof typeof CLIENT_EVENTS
export type ClientToServerEvents = {
  [N in ClientEventName]: (data: z.infer<(typeof CLIENT_EVENTS)[N]['schema']>) => void
}

/** Handshake payload: which brand's room to join. */
export const SocketAuthSchema = z.object({ brandId: z.uuid('must be a brand id') })

const envelope = <N extends ServerEventName>(name: N) =>
  z.object({
    type: z.literal(name),
    seq: z.number().int(),
    brandId: z.string(),
    data: SERVER_EVENTS[name],
  })

/** A stored event as `GET /api/brands/:id/events` returns it. */
export const BrandEventSchema = z.discriminatedUnion('type', [
  envelope('complaint.scored'),
  envelope('complaint.updated'),
])
export type BrandEvent = z.infer<typeof BrandEventSchema>

export const ListEventsQuery = z.object({
  after: z.coerce.number().int().min(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
})

/**
 * Events after a seq. `reset` says the gap is wider than what is kept: fetch a fresh snapshot.
 * `seq` is the newest seq of the brand, so a client knows whether more pages follow.
 */
export const EventPageSchema = z.object({
  data: z.array(BrandEventSchema),
  seq: z.number().int(),
  reset: z.boolean(),
})
export type EventPage = z.infer<typeof EventPageSchema>
