import { scorePost } from '../../../shared/scoring/score.js'
import { scoreInput } from '../../../shared/scoring/score-input.js'
import type { StoredLead } from '../../db/repositories/complaint-leads.js'
import { toScoreRecord, type ScoreRecord } from '../../db/repositories/scores.js'

/**
 * A complaint's stored lead scored again, as it stands now: with its thread's stored replies
 * (when more than its own), under the version it is loaded for, as the next revision there.
 */
export function scoreStoredLead(lead: StoredLead, now: Date): ScoreRecord {
  return toScoreRecord(
    lead.postId,
    scorePost(scoreInput(lead.facts, lead.threadReplies), lead.version, now),
    lead.lastRevision + 1,
  )
}

/** The thread holds more replies than the lead's own count and than its last score counted. */
export const threadHasGrown = (lead: StoredLead): boolean =>
  lead.threadReplies > lead.ownReplies && lead.threadReplies > lead.countedThreadReplies
