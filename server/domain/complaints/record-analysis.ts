import type { Analysis } from '../../../shared/schemas/scoring.js'
import type { Tx } from '../../db/client.js'
import { insertAnalyses } from '../../db/repositories/analyses.js'
import {
  rankByLeadScores,
  recountThreads,
  writeThreadLeads,
  type ThreadKey,
  type ThreadLead,
} from '../../db/repositories/complaint-leads.js'
import type { ComplaintRecord } from '../../db/repositories/complaint-views.js'
import { refreshSearchText } from '../../db/repositories/complaint-search.js'
import { insertScores, type ScoreRecord } from '../../db/repositories/scores.js'
import { appendComplaintEvents, type PendingEvent } from '../events/append-events.js'
import { recordOutcomes } from '../outcomes/record-outcomes.js'
import { reopenByAuthors } from '../triage/reopen-by-author.js'

/** What one analyze job decided (see workers/pipeline/score-batch.ts), to be written. */
export interface BatchScores {
  /** One row per post of the batch, and one per stored lead scored again as its thread grew. */
  scores: ScoreRecord[]
  /** Threads whose complaint now ranks by a post of the batch (new complaints among them). */
  leads: ThreadLead[]
  /** Threads whose complaint keeps its lead: their counters are counted again. */
  recount: ThreadKey[]
  /** Complaints whose stored lead was scored again because its thread grew. */
  rescored: Array<{ complaintId: string; score: ScoreRecord }>
  /** Threads in which the batch holds a complaint post (their event is `complaint.scored`). */
  withComplaints: Set<string>
}

/** A thread's key as one string. */
export const threadId = (t: ThreadKey) => `${t.brandId}\u0000${t.network}\u0000${t.threadKey}`

/**
 * Writes what an analyze job decided, in its transaction (the threads locked): the analyses,
 * the score rows, each thread's complaint (a new lead, or counters counted again from its
 * stored posts, and a grown thread's lead's new score), complaints their authors reopened, and
 * one event per changed complaint. Returns the events and notifications, to push after commit.
 */
export async function recordAnalysis(
  tx: Tx,
  analysed: Array<{ postId: number; analysis: Analysis }>,
  batch: BatchScores,
): Promise<{ events: PendingEvent[]; notificationIds: number[] }> {
  await insertAnalyses(tx, analysed)
  await insertScores(tx, batch.scores)
  const parts = new Map<string, ComplaintRecord>()
  for (const part of [
    ...(await writeThreadLeads(tx, batch.leads)),
    ...(await recountThreads(tx, batch.recount)),
    ...(await rankByLeadScores(tx, batch.rescored)),
  ])
    parts.set(threadId(part), part)
  // The author's new post reopens a waiting or ended complaint (its event carries the state).
  const now = new Date()
  const postIds = analysed.map((a) => a.postId)
  const { reopened, notificationIds } = await reopenByAuthors(tx, postIds, now)
  for (const part of reopened) parts.set(threadId(part), part)
  // After the reopen, so the parts carry both: what the answer did to the author's tone.
  for (const part of await recordOutcomes(tx, postIds, now)) parts.set(threadId(part), part)
  await refreshSearchText(
    tx,
    [...parts.values()].map((part) => part.id),
  )

  // Per brand: those the batch brought complaints to first, in the threads' key order.
  const pending: PendingEvent[] = []
  const threads = [...batch.leads, ...batch.recount].map(threadId).sort(byKey(parts))
  for (const brandId of new Set(threads.map((id) => parts.get(id)!.brandId))) {
    const mine = threads.filter((id) => parts.get(id)!.brandId === brandId)
    const changes = [
      ...mine
        .filter((id) => batch.withComplaints.has(id))
        .map((id) => ({ complaint: parts.get(id)!, type: 'complaint.scored' as const })),
      ...mine
        .filter((id) => !batch.withComplaints.has(id))
        .map((id) => ({ complaint: parts.get(id)!, type: 'complaint.updated' as const })),
    ]
    pending.push(...(await appendComplaintEvents(tx, brandId, changes)))
  }
  return { events: pending, notificationIds }
}

/** Threads by network, then thread key: the order complaint rows are written in. */
const byKey = (parts: Map<string, ComplaintRecord>) => (a: string, b: string) => {
  const x = parts.get(a)!
  const y = parts.get(b)!
  if (x.network !== y.network) return x.network < y.network ? -1 : 1
  return x.threadKey < y.threadKey ? -1 : x.threadKey > y.threadKey ? 1 : 0
}
