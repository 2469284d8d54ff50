import type { Tx } from '../../db/client.js'
import { loadStoredLeads, rankByLeadScores } from '../../db/repositories/complaint-leads.js'
import type { ComplaintRecord } from '../../db/repositories/complaint-views.js'
import { insertScores } from '../../db/repositories/scores.js'
import type { ScoringVersion } from '../../db/repositories/scoring-versions.js'
import { scoreStoredLead } from './score-lead.js'

/**
 * Scores complaints' leads again, as they stand now (a pick or a moved lead changes what they
 * read): under `version`, or each under the version that ranks it. Each score is a row with
 * the next revision under its version, so nothing is rewritten, and the complaint takes its
 * priority (and the version). Call it with the complaint rows locked. Returns the complaints
 * that changed.
 */
export async function rescoreLeads(
  tx: Tx,
  complaintIds: string[],
  { version, now = new Date() }: { version?: ScoringVersion; now?: Date } = {},
): Promise<ComplaintRecord[]> {
  const leads = await loadStoredLeads(tx, complaintIds, version?.key)
  const scored = leads.map((lead) => ({
    complaintId: lead.complaintId,
    score: scoreStoredLead(lead, now),
  }))
  await insertScores(
    tx,
    scored.map((s) => s.score),
  )
  return rankByLeadScores(tx, scored)
}
