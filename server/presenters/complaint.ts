import { z } from 'zod'
import {
  VIEW_TEXT_LIMIT,
  type AnalysisView,
  type ComplaintView,
} from '../../shared/schemas/complaints.js'
import { ScoreExplanationSchema } from '../../shared/schemas/scoring.js'
import { explanationAt } from '../../shared/scoring/explanation.js'
import { priorityAt } from '../../shared/scoring/ranking.js'
import type { ComplaintViewRow } from '../db/repositories/complaint-views.js'

const iso = (value: Date | string) => new Date(value).toISOString()
const num = (value: string | number | null) => (value === null ? null : Number(value))

/** Cuts text to the view limit in code points, as SQL's left() does. */
const truncate = (text: string) =>
  text.length <= VIEW_TEXT_LIMIT
    ? text
    : Array.from(text.slice(0, 2 * VIEW_TEXT_LIMIT))
        .slice(0, VIEW_TEXT_LIMIT)
        .join('')

const EMPTY_EXPLANATION = { version: 'none', priority: 0, factors: [], summary: 'Not scored yet.' }

/**
 * Row to view: the one shape REST and socket events both carry. Priority and explanation are
 * as of `now`: waiting keeps growing after a score is stored, and the parts still add up.
 */
export function presentComplaint(row: ComplaintViewRow, now: Date = new Date()): ComplaintView {
  const parsed = ScoreExplanationSchema.safeParse(row.explanation)
  const rate = Number(row.waiting_rate)
  const since = row.waiting_since === null ? null : iso(row.waiting_since)
  const explanation = parsed.success ? explanationAt(parsed.data, rate, since, now) : null
  const base = Number(row.base_priority)
  return {
    id: row.id,
    brandId: row.brand_id,
    state: row.state as ComplaintView['state'],
    priority: since && rate > 0 ? priorityAt(base, rate, since, now) : row.priority,
    scoringVersion: row.scoring_version,
    rankKey: Number(row.rank_key),
    waiting: { basePriority: base, ratePerHour: rate, since },
    presentedAt: now.toISOString(),
    source: row.source,
    threadKey: row.thread_key,
    postCount: Number(row.post_count),
    complaintCount: row.complaint_count,
    firstSeenAt: iso(row.first_seen_at),
    lastActivityAt: iso(row.last_activity_at),
    pick:
      row.picked_at === null
        ? null
        : {
            by: row.picked_by_name ?? 'an adviser',
            at: iso(row.picked_at),
            reason: row.pick_reason,
          },
    lead: {
      id: Number(row.lead_post_id),
      source: row.source,
      externalId: row.external_id,
      url: row.url,
      text: truncate(row.text),
      textLength: row.text_length,
      lang: row.lang,
      createdAt: iso(row.posted_at),
      isDeleted: row.deleted_at !== null,
      author: { handle: row.handle, displayName: row.display_name, followers: num(row.followers) },
      engagement: {
        likes: Number(row.likes),
        replies: Number(row.replies),
        shares: Number(row.shares),
      },
      sentiment: {
        score: row.sentiment ?? 0,
        label: (row.label ?? 'neutral') as ComplaintView['lead']['sentiment']['label'],
      },
      analysis: presentAnalysis(row),
      priority: explanation ? explanation.priority : 0,
      explanation: explanation ?? EMPTY_EXPLANATION,
    },
  }
}

/** Reasons as stored by the analyzer; analyses of earlier versions stored none. */
const StoredReasons = z.object({
  reasons: z.array(z.string()).catch([]),
  complaintReasons: z.array(z.string()).catch([]),
})

function presentAnalysis(row: ComplaintViewRow): AnalysisView {
  const stored = StoredReasons.safeParse(row.analysis_explanation ?? {})
  return {
    version: row.analyzer_version,
    confidence: row.confidence,
    complaintScore: row.complaint_score,
    language: row.language,
    reasons: stored.success ? stored.data.reasons : [],
    complaintReasons: stored.success ? stored.data.complaintReasons : [],
  }
}
