import { AUDIT_ACTIONS, type AuditAction } from '../../../../shared/schemas/audit.js'

/** Audit actions in words (the code stays visible in the filter and on hover). */
export const ACTION_LABELS: Record<AuditAction, string> = {
  'auth.signed_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in failed',
  'auth.sign_in_blocked': 'Sign-in blocked',
  'auth.signed_out': 'Signed out',
  'auth.setup_completed': 'Set password',
  'user.invited': 'Invited user',
  'user.updated': 'Changed user',
  'user.setup_link_issued': 'Issued setup link',
  'brand.created': 'Created brand',
  'brand.updated': 'Changed brand',
  'brand.archived': 'Archived brand',
  'brand.restored': 'Restored brand',
  'demo.replayed': 'Replayed the demo',
  'brand.deleted': 'Deleted brand',
  'brand.sla_targets_changed': 'Changed response targets',
  'source.created': 'Created source',
  'source.changed': 'Changed source',
  'source.paused': 'Paused source',
  'source.resumed': 'Resumed source',
  'source.credentials_changed': 'Rotated secret',
  'scoring.draft_saved': 'Saved scoring draft',
  'scoring.published': 'Published scoring version',
  'author.linked': 'Linked accounts',
  'author.unlinked': 'Unlinked account',
  'complaint.picked': 'Picked thread',
  'complaint.unpicked': 'Unpicked thread',
  'complaint.state_changed': 'Changed complaint state',
  'complaint.assigned': 'Assigned complaint',
  'complaint.snoozed': 'Snoozed complaint',
  'complaint.woke': 'Snooze ended',
  'complaint.reopened_by_author': 'Reopened by author',
  'complaint.note_added': 'Added note',
  'dead_letters.retried': 'Retried dead letters',
  'reply_account.credentials_changed': 'Changed a reply account',
  'reply.queued': 'Sent a reply',
  'reply.awaiting_approval': 'Sent a reply for approval',
  'reply.approved': 'Approved a reply',
  'reply.returned': 'Sent a reply back',
  'reply.resubmitted': 'Resubmitted a reply',
  'reply.discarded': 'Discarded a sent-back reply',
  'brand.reply_approval_changed': 'Changed reply approval',
  'reply.retried': 'Retried a reply',
  'reply.recorded_elsewhere': 'Recorded a reply made elsewhere',
  'canned_response.created': 'Added a canned response',
  'canned_response.updated': 'Changed a canned response',
  'canned_response.deleted': 'Deleted a canned response',
  'promise.made': 'Made a promise in a reply',
  'promise.reminded': 'Reminded a promise’s owner',
  'promise.overdue': 'Promise overdue: advisers told, thread raised',
  'promise.kept': 'Marked a promise kept',
  'promise.broken': 'Marked a promise broken',
  'theme.updated': 'Renamed or hid a theme',
  'theme.merged': 'Merged themes',
  'theme.split': 'Split a theme',
  'alert.raised': 'Spike alert raised',
  'alert.acknowledged': 'Acknowledged an alert',
  'alert.resolved': 'Resolved an alert',
  'alert_webhook.created': 'Added an alert webhook',
  'alert_webhook.deleted': 'Deleted an alert webhook',
  'alert_webhook.tested': 'Sent a test to an alert webhook',
  'announcement.created': 'Recorded an announcement',
  'announcement.deleted': 'Deleted an announcement',
}

const isKnown = (action: string): action is AuditAction =>
  (AUDIT_ACTIONS as readonly string[]).includes(action)

export function actionLabel(action: string): string {
  return isKnown(action) ? ACTION_LABELS[action] : action
}

/** The colour of an action's badge: failures stand out, sign-ins stay quiet. */
export function actionTone(action: string): 'danger' | 'quiet' | 'change' {
  if (action === 'auth.sign_in_failed' || action === 'auth.sign_in_blocked') return 'danger'
  if (action.startsWith('auth.')) return 'quiet'
  return 'change'
}
