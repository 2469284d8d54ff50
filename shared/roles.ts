import { z } from 'zod'

/** Who uses Firebreak, from most to least powerful. */
export const ROLES = ['admin', 'adviser', 'agent', 'viewer'] as const
export type Role = (typeof ROLES)[number]
export const RoleSchema = z.enum(ROLES)

const ALL = ROLES
const TRIAGE = ['admin', 'adviser', 'agent'] as const
const ADVISE = ['admin', 'adviser'] as const
const ADMIN = ['admin'] as const

/**
 * The role x action matrix: the one place that says who may do what. Every HTTP route, socket
 * event and socket room names one of these actions; anything not listed is denied.
 * Viewers (leadership) see published complaint data, trends and reports, never drafts,
 * private notes, credentials or user administration.
 */
export const PERMISSIONS = {
  /** One's own account: who am I, sign out. */
  'account.self': ALL,
  /** Read the brands one may watch. */
  'brand.read': ALL,
  /** Change a brand's name, tracked or excluded terms and auto-assignment. */
  'brand.manage': ADMIN,
  /** A brand's response targets (SLA) per priority band: everyone who triages reads them. */
  'sla.read': TRIAGE,
  /** Set them (audited): advisers choose what the team promises, admins too. */
  'sla.manage': ADVISE,
  /** Read ranked complaints, their posts and score explanations, live and by catch-up. */
  'complaint.read': ALL,
  /** Change a complaint's triage state (the table in shared/triage.ts), snooze it, bulk too. */
  'complaint.triage': TRIAGE,
  /** See who owns complaints, who is on them now and who is writing (the team's business). */
  'complaint.owners': TRIAGE,
  /** Take an unassigned complaint, or release one's own. */
  'complaint.take': TRIAGE,
  /** Pick, escalate (with a reason) and assign threads to anyone who can triage. */
  'thread.pick': ADVISE,
  'thread.escalate': ADVISE,
  'thread.assign': ADVISE,
  /** Tell the team which complaint one's console shows and whether one writes there. */
  'presence.write': TRIAGE,
  /**
   * One's notifications (assigned, mentioned, reopened; spike alerts for leadership): read them
   * and mark them read.
   */
  'notification.read': ALL,
  /** Link one person's accounts across networks, and unlink them (audited). */
  'complainer.link': ADVISE,
  /** Reply drafts: read, write, send; approval is the adviser's. */
  'draft.read': TRIAGE,
  'draft.write': TRIAGE,
  'reply.send': TRIAGE,
  'reply.approve': ADVISE,
  /** A brand's canned responses: every replier inserts them; advisers write them (audited). */
  'canned.read': TRIAGE,
  'canned.manage': ADVISE,
  /** Which replies of a brand need an adviser's approval (audited). */
  'reply_approval.manage': ADVISE,
  /**
   * Promises made in replies: the team reads them (Promises page, author card) and marks them
   * kept or broken.
   */
  'promise.read': TRIAGE,
  'promise.write': TRIAGE,
  /** Which networks a brand can reply on (handles, whether credentials are set; never them). */
  'reply_account.read': TRIAGE,
  /** A brand's reply accounts and their credentials (write-only, audited). */
  'reply_account.manage': ADMIN,
  /** Private notes on threads. */
  'note.read': TRIAGE,
  'note.write': TRIAGE,
  /**
   * Scoring: everyone reads how ranking works (published versions; a draft is read only by
   * those who may propose); advisers propose and publish; admins configure.
   */
  'scoring.read': ALL,
  'scoring.propose': ADVISE,
  'scoring.publish': ADVISE,
  'scoring.configure': ADMIN,
  /** Leadership's view. */
  'trend.read': ALL,
  'report.read': ALL,
  /** A brand's themes: rename, hide, merge and split them (audited). */
  'theme.manage': ADVISE,
  /**
   * Spike alerts (read with `trend.read`): whoever triages acknowledges one ("we are on it");
   * advisers resolve it, with a note, because that says the episode is over for the brand.
   */
  'alert.acknowledge': TRIAGE,
  'alert.manage': ADVISE,
  /** Where a brand's alerts go out (URLs and signing secrets, write-only): admins. */
  'alert_webhook.manage': ADMIN,
  /** A brand's announcements and incidents (read with `trend.read`): advisers record them. */
  'announcement.manage': ADVISE,
  /** Sources and their credentials (write-only), and the payloads they had refused. */
  'source.read': ADMIN,
  'source.manage': ADMIN,
  'rejection.read': ADMIN,
  /** User administration and the audit log. */
  'user.read': ADMIN,
  'user.manage': ADMIN,
  'audit.read': ADMIN,
  /** How Firebreak runs (dependencies, pending work, dead letters), and retrying dead letters. */
  'operations.read': ADMIN,
  'operations.manage': ADMIN,
  /** Move the test clock (the route exists only where FIREBREAK_TEST_CLOCK=1, never in production). */
  'test.clock': ADMIN,
} as const satisfies Record<string, readonly Role[]>

export type Action = keyof typeof PERMISSIONS
export const ACTIONS = Object.keys(PERMISSIONS) as Action[]

/** Deny by default: true only when the matrix lists the role for the action. */
export function can(role: Role | null | undefined, action: Action): boolean {
  return !!role && (PERMISSIONS[action] as readonly Role[]).includes(role)
}
