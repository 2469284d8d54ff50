import type { Analysis } from '../../shared/schemas/scoring.js'
import { scorePost, type ScoringVersionRef } from '../../shared/scoring/score.js'
import { scoreInput, type PostFacts } from '../../shared/scoring/score-input.js'
import type { ThreadKey, ThreadState } from '../../server/db/repositories/complaint-leads.js'
import type { PostForAnalysis } from '../../server/db/repositories/posts.js'
import { toScoreRecord, type ScoreRecord } from '../../server/db/repositories/scores.js'
import { threadId, type BatchScores } from '../../server/domain/complaints/record-analysis.js'
import { scoreStoredLead, threadHasGrown } from '../../server/domain/complaints/score-lead.js'

/**
 * Scores a batch once, and decides which post leads each thread. Every post is scored on its
 * own; the highest-ranked complaint post of a thread leads it unless the complaint's stored
 * lead ranks higher under the same version (a lead from another version does not compare, so
 * the new version's score replaces it). A lead whose thread holds more replies than it counted
 * is scored with them: a post of the batch in place of its own score (one row), a stored lead
 * as its next revision. Pure: the threads' state was read under their locks.
 */
export function scoreBatch(
  posts: Array<{ post: PostForAnalysis; analysis: Analysis; facts: PostFacts }>,
  threads: ThreadState[],
  version: ScoringVersionRef,
  scoredAt: Date,
): BatchScores {
  const scores = new Map<number, ScoreRecord>()
  const best = new Map<string, { facts: PostFacts; score: ScoreRecord }>()
  for (const { post, analysis, facts } of posts) {
    const score = toScoreRecord(post.id, scorePost(scoreInput(facts), version, scoredAt))
    scores.set(post.id, score)
    if (!analysis.isComplaint) continue
    const key = threadId(post)
    const current = best.get(key)
    if (!current || score.rankKey > current.score.rankKey) best.set(key, { facts, score })
  }

  const out: BatchScores = {
    scores: [],
    leads: [],
    recount: [],
    rescored: [],
    withComplaints: new Set(best.keys()),
  }
  const rescoredLeads: ScoreRecord[] = []
  // Key order, so that concurrent transactions write complaint rows in the same order.
  for (const thread of [...threads].sort(byKey)) {
    const key = { brandId: thread.brandId, network: thread.network, threadKey: thread.threadKey }
    const candidate = best.get(threadId(thread))
    const stored = thread.lead
    const keepsStored =
      stored !== null &&
      candidate !== undefined &&
      stored.version.key === candidate.score.version &&
      stored.rankKey >= candidate.score.rankKey
    if (candidate && !keepsStored) {
      const threadReplies = thread.postCount - 1
      const score =
        threadReplies > candidate.facts.engagement.replies
          ? toScoreRecord(
              candidate.score.postId,
              scorePost(scoreInput(candidate.facts, threadReplies), version, scoredAt),
            )
          : candidate.score
      scores.set(score.postId, score)
      out.leads.push({ ...key, score })
      continue
    }
    if (!thread.complaintId) continue
    out.recount.push(key)
    if (stored && threadHasGrown(stored)) {
      const score = scoreStoredLead(stored, scoredAt)
      rescoredLeads.push(score)
      out.rescored.push({ complaintId: stored.complaintId, score })
    }
  }
  out.scores = [...scores.values(), ...rescoredLeads]
  return out
}

const byKey = (a: ThreadKey, b: ThreadKey) =>
  a.network === b.network ? (a.threadKey < b.threadKey ? -1 : 1) : a.network < b.network ? -1 : 1
