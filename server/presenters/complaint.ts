import { z } from 'zod'
import {
  VIEW_TEXT_LIMIT,
  type AnalysisView,
  type ComplaintView,
} from '../../shared/schemas/complaints.js'
import type { EventPage } from '../../shared/events.js'
import { can, type Role } from '../../shared/roles.js'
import { effectiveTargets, owedResponse } from '../../shared/sla.js'
import { AppError } from '../lib/app-error.js'
import { ScoreExplanationSchema } from '../../shared/schemas/scoring.js'
import { explanationAt } from '../../shared/scoring/explanation.js'
import { priorityAt } from '../../shared/scoring/ranking.js'
import type { ComplaintWithLead, LeadRecord } from '../db/repositories/complaint-views.js'
import type { EventPageRecord } from '../db/repositories/events.js'

const iso = (value: Date) => value.toISOString()

/** Whole seconds from a complaint's arrival to a moment, never negative; null until it happens. */
const secondsSince = (from: Date, to: Date | null) =>
  to === null ? null : Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000))

/** Cuts text to the view limit in code points, as SQL's left() does. */
const truncate = (text: string) =>
  text.length <= VIEW_TEXT_LIMIT
    ? text
    : Array.from(text.slice(0, 2 * VIEW_TEXT_LIMIT))
        .slice(0, VIEW_TEXT_LIMIT)
        .join('')

const EMPTY_EXPLANATION = { version: 'none', priority: 0, factors: [], summary: 'Not scored yet.' }

/**
 * A view as one role may see it: owners are the team's business, so a role that may not see
 * them (viewers) gets views without `assignee`.
 */
export function viewFor(role: Role, view: ComplaintView): ComplaintView {
  if (can(role, 'complaint.owners')) return view
  const { assignee: _owner, ...rest } = view
  return rest
}

/** A 409 whose `current` is a complaint record gets it as the view `role` may see; others pass. */
export function presentConflict(err: unknown, role: Role): unknown {
  if (!(err instanceof AppError) || err.code !== 'conflict' || !err.hints.current) return err
  const current = viewFor(role, presentComplaint(err.hints.current as ComplaintWithLead))
  return new AppError(err.code, err.message, err.issues, { current })
}

/**
 * A complaint and its lead to their view: the one shape REST and socket events both carry.
 * Priority and explanation are as of `now`: waiting keeps growing after a score is stored,
 * and the parts still add up.
 */
export function presentComplaint(c: ComplaintWithLead, now: Date = new Date()): ComplaintView {
  const { lead } = c
  const parsed = ScoreExplanationSchema.safeParse(lead.explanation)
  const since = c.waitingSince === null ? null : iso(c.waitingSince)
  const rate = c.waitingRate
  const explanation = parsed.success ? explanationAt(parsed.data, rate, since, now) : null
  return {
    id: c.id,
    brandId: c.brandId,
    state: c.state,
    priority: since && rate > 0 ? priorityAt(c.basePriority, rate, since, now) : c.priority,
    scoringVersion: c.scoringVersion,
    rankKey: c.rankKey,
    waiting: { basePriority: c.basePriority, ratePerHour: rate, since },
    presentedAt: now.toISOString(),
    network: c.network,
    threadKey: c.threadKey,
    postCount: c.postCount,
    complaintCount: c.complaintCount,
    firstSeenAt: iso(c.firstSeenAt),
    lastActivityAt: iso(c.lastActivityAt),
    pick: c.pick && {
      by: c.pick.byName ?? 'an adviser',
      at: iso(c.pick.at),
      reason: c.pick.reason,
    },
    version: c.version,
    snoozedUntil: c.snoozedUntil && iso(c.snoozedUntil),
    dismissal: c.dismissal,
    assignee: c.assignee,
    sla: owedResponse(c, effectiveTargets(c.slaTargets)),
    outcome: c.outcome && { ...c.outcome, at: iso(c.outcome.at) },
    promiseOverdueSince: c.promiseOverdueSince && iso(c.promiseOverdueSince),
    responseTimes: {
      firstResponseAt: c.firstResponseAt && iso(c.firstResponseAt),
      firstResponseSeconds: secondsSince(c.firstSeenAt, c.firstResponseAt),
      resolvedAt: c.resolvedAt && iso(c.resolvedAt),
      resolutionSeconds: secondsSince(c.firstSeenAt, c.resolvedAt),
    },
    lead: {
      id: c.leadPostId,
      network: c.network,
      externalId: lead.externalId,
      url: lead.url,
      text: truncate(lead.text),
      textLength: lead.textLength,
      lang: lead.lang,
      postedAt: iso(lead.postedAt),
      isDeleted: lead.deletedAt !== null,
      author: { handle: lead.handle, displayName: lead.displayName, followers: lead.followers },
      engagement: { likes: lead.likes, replies: lead.replies, shares: lead.shares },
      sentiment: {
        score: lead.sentiment ?? 0,
        label: (lead.label ?? 'neutral') as ComplaintView['lead']['sentiment']['label'],
      },
      analysis: presentAnalysis(lead),
      priority: explanation ? explanation.priority : 0,
      explanation: explanation ?? EMPTY_EXPLANATION,
    },
  }
}

/** Reasons as stored by the analyzer; analyses of earlier versions stored none. */
const StoredReasons = z.object({
  reasons: z.array(z.string()).catch([]),
  complaintReasons: z.array(z.string()).catch([]),
  /** Analyses before firebreak-lr-3 did not say; they are shown as read. */
  supported: z.boolean().catch(true),
})

function presentAnalysis(lead: LeadRecord): AnalysisView {
  const stored = StoredReasons.safeParse(lead.analysisExplanation ?? {})
  return {
    version: lead.analyzerVersion,
    confidence: lead.confidence,
    complaintScore: lead.complaintScore,
    language: lead.language,
    supported: !stored.success || stored.data.supported,
    reasons: stored.success ? stored.data.reasons : [],
    complaintReasons: stored.success ? stored.data.complaintReasons : [],
  }
}

/** A page of a brand's events, each with its complaint's current view as `role` may see it. */
export function presentEventPage(page: EventPageRecord, role: Role): EventPage {
  const data = page.events.map((e) => ({
    type: e.type,
    seq: e.seq,
    brandId: page.brandId,
    data: viewFor(role, presentComplaint(e.complaint)),
  }))
  return { data: data as EventPage['data'], seq: page.seq, reset: page.reset }
}
