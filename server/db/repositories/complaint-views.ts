import { sql, type SQL } from 'drizzle-orm'
import { VIEW_TEXT_LIMIT } from '../../../shared/schemas/complaints.js'
import type { Outcome } from '../../../shared/sla.js'
import type { ComplaintState, DismissReason } from '../../../shared/triage.js'
import type { Queryable } from '../client.js'
import { queryRows } from '../rows.js'
import { anyOf } from '../unnest.js'

/** A complaint as the domain reads it: its thread, ranking, counters and pick. */
export interface ComplaintRecord {
  id: string
  brandId: string
  state: ComplaintState
  priority: number
  scoringVersion: string
  basePriority: number
  waitingRate: number
  waitingSince: Date | null
  rankKey: number
  network: string
  threadKey: string
  complaintCount: number
  postCount: number
  firstSeenAt: Date
  lastActivityAt: Date
  leadPostId: number
  /** The adviser's pick: when, by whom (their name; null when their account is gone) and why. */
  pick: { at: Date; byName: string | null; reason: string | null } | null
  /** Bumped by every triage change (shared/triage.ts). */
  version: number
  assignee: { id: string; name: string } | null
  snoozedUntil: Date | null
  dismissal: { reason: DismissReason; note: string | null } | null
  /** Response times (shared/sla.ts): the first answer, and the last entry into `resolved`. */
  firstResponseAt: Date | null
  resolvedAt: Date | null
  /** The author posted again after an answer: the next one is owed since. */
  nextResponseFrom: Date | null
  /** What the latest sent reply did, with the author's mean sentiment before and after it. */
  outcome: { outcome: Outcome; before: number; after: number; at: Date } | null
  /** The due time of the earliest open promise of the thread that went overdue, or null. */
  promiseOverdueSince: Date | null
  /** The brand's response targets as stored (null: the defaults); read with effectiveTargets. */
  slaTargets: unknown
}

/** A complaint's lead post as its view shows it: post, author, latest analysis, score explanation. */
export interface LeadRecord {
  externalId: string
  url: string | null
  /** Cut to the view's limit; `textLength` is the whole text's, in code points. */
  text: string
  textLength: number
  lang: string | null
  postedAt: Date
  deletedAt: Date | null
  likes: number
  replies: number
  shares: number
  handle: string
  displayName: string | null
  followers: number | null
  sentiment: number | null
  label: string | null
  analyzerVersion: string | null
  confidence: number | null
  complaintScore: number | null
  language: string | null
  /** The analysis's explanation (reasons); the score's is `explanation`. */
  analysisExplanation: unknown
  explanation: unknown
}

/** A complaint with its lead: everything its view shows. */
export interface ComplaintWithLead extends ComplaintRecord {
  lead: LeadRecord
}

/** The row COMPLAINT_PART_COLUMNS selects. */
interface ComplaintRow {
  id: string
  brand_id: string
  state: string
  priority: number
  scoring_version: string
  base_priority: number
  waiting_rate: number
  waiting_since: Date | string | null
  rank_key: number
  network: string
  thread_key: string
  complaint_count: number
  post_count: number
  first_seen_at: Date | string
  last_activity_at: Date | string
  lead_post_id: string | number
  picked_at: Date | string | null
  picked_by_name: string | null
  pick_reason: string | null
  version: number
  assignee_id: string | null
  assignee_name: string | null
  snoozed_until: Date | string | null
  dismiss_reason: string | null
  dismiss_note: string | null
  first_response_at: Date | string | null
  resolved_at: Date | string | null
  next_response_from: Date | string | null
  outcome: string | null
  outcome_before: number | null
  outcome_after: number | null
  outcome_at: Date | string | null
  promise_overdue_since: Date | string | null
  sla_targets: unknown
}

/** The row LEAD_PART_COLUMNS selects. */
interface LeadRow {
  external_id: string
  url: string | null
  text: string
  text_length: number
  lang: string | null
  posted_at: Date | string
  deleted_at: Date | string | null
  likes: string | number
  replies: string | number
  shares: string | number
  handle: string
  display_name: string | null
  followers: string | number | null
  sentiment: number | null
  label: string | null
  analyzer_version: string | null
  confidence: number | null
  complaint_score: number | null
  language: string | null
  analysis_explanation: unknown
  explanation: unknown
}

const date = (value: Date | string) => new Date(value)
const maybeDate = (value: Date | string | null) => (value === null ? null : date(value))

function toComplaintRecord(row: ComplaintRow): ComplaintRecord {
  return {
    id: row.id,
    brandId: row.brand_id,
    state: row.state as ComplaintState,
    priority: row.priority,
    scoringVersion: row.scoring_version,
    basePriority: Number(row.base_priority),
    waitingRate: Number(row.waiting_rate),
    waitingSince: row.waiting_since === null ? null : date(row.waiting_since),
    rankKey: Number(row.rank_key),
    network: row.network,
    threadKey: row.thread_key,
    complaintCount: row.complaint_count,
    postCount: Number(row.post_count),
    firstSeenAt: date(row.first_seen_at),
    lastActivityAt: date(row.last_activity_at),
    leadPostId: Number(row.lead_post_id),
    pick:
      row.picked_at === null
        ? null
        : { at: date(row.picked_at), byName: row.picked_by_name, reason: row.pick_reason },
    version: Number(row.version),
    assignee:
      row.assignee_id === null
        ? null
        : { id: row.assignee_id, name: row.assignee_name ?? 'Former user' },
    snoozedUntil: row.snoozed_until === null ? null : date(row.snoozed_until),
    dismissal:
      row.dismiss_reason === null
        ? null
        : { reason: row.dismiss_reason as DismissReason, note: row.dismiss_note },
    firstResponseAt: maybeDate(row.first_response_at),
    resolvedAt: maybeDate(row.resolved_at),
    nextResponseFrom: maybeDate(row.next_response_from),
    outcome:
      row.outcome === null || row.outcome_at === null
        ? null
        : {
            outcome: row.outcome as Outcome,
            before: Number(row.outcome_before),
            after: Number(row.outcome_after),
            at: date(row.outcome_at),
          },
    promiseOverdueSince: maybeDate(row.promise_overdue_since),
    slaTargets: typeof row.sla_targets === 'string' ? JSON.parse(row.sla_targets) : row.sla_targets,
  }
}

const num = (value: string | number | null) => (value === null ? null : Number(value))

function toLeadRecord(row: LeadRow): LeadRecord {
  return {
    externalId: row.external_id,
    url: row.url,
    text: row.text,
    textLength: row.text_length,
    lang: row.lang,
    postedAt: date(row.posted_at),
    deletedAt: row.deleted_at === null ? null : date(row.deleted_at),
    likes: Number(row.likes),
    replies: Number(row.replies),
    shares: Number(row.shares),
    handle: row.handle,
    displayName: row.display_name,
    followers: num(row.followers),
    sentiment: row.sentiment,
    label: row.label,
    analyzerVersion: row.analyzer_version,
    confidence: row.confidence,
    complaintScore: row.complaint_score,
    language: row.language,
    analysisExplanation: row.analysis_explanation,
    explanation: row.explanation,
  }
}

const toComplaintWithLead = (row: ComplaintRow & LeadRow): ComplaintWithLead => ({
  ...toComplaintRecord(row),
  lead: toLeadRecord(row),
})

/** Runs a write to `complaints as c` that ends `returning ${COMPLAINT_PART_COLUMNS}`. */
export async function returningComplaints(q: Queryable, query: SQL): Promise<ComplaintRecord[]> {
  return (await queryRows<ComplaintRow>(q, query)).map(toComplaintRecord)
}

/** The columns of a ComplaintRecord, for `returning` clauses of writes to `complaints as c`. */
export const COMPLAINT_PART_COLUMNS = sql.raw(
  'c.id, c.brand_id, c.state, c.priority, c.scoring_version, c.base_priority, c.waiting_rate, ' +
    'c.waiting_since, c.rank_key, c.network, c.thread_key, ' +
    'c.complaint_count, c.post_count, c.first_seen_at, c.last_activity_at, c.lead_post_id, ' +
    'c.picked_at, c.pick_reason, c.version, c.assignee_id, c.snoozed_until, c.dismiss_reason, ' +
    'c.dismiss_note, c.first_response_at, c.resolved_at, c.next_response_from, c.outcome, ' +
    'c.outcome_before, c.outcome_after, c.outcome_at, ' +
    '(select b.sla_targets from brands b where b.id = c.brand_id) as sla_targets, ' +
    // An open promise of the thread past due: the mark stays until it is kept or broken.
    "(select min(pr.due_at) from promises pr where pr.complaint_id = c.id and pr.state = 'open' " +
    'and pr.overdue_at is not null) as promise_overdue_since, ' +
    '(select picker.name from users picker where picker.id = c.picked_by) as picked_by_name, ' +
    '(select owner.name from users owner where owner.id = c.assignee_id) as assignee_name',
)

const LEAD_PART_COLUMNS = sql`p.external_id, p.url, left(p.text, ${VIEW_TEXT_LIMIT}) as text,
  length(p.text) as text_length, p.lang, p.posted_at, p.deleted_at, p.likes, p.replies, p.shares,
  au.handle, au.display_name, au.followers, an.sentiment, an.label,
  an.version as analyzer_version, an.confidence, an.complaint_score, an.language,
  an.explanation as analysis_explanation, s.explanation`

/** Joins from a post `p` to what its view shows, scored under `version` (latest revision). */
const leadJoins = (version: SQL) => sql`
  join authors au on au.id = p.author_id
  left join lateral (
    select sc.explanation from scores sc
    where sc.post_id = p.id and sc.version = ${version}
    order by sc.revision desc limit 1
  ) s on true
  left join lateral (
    select a.sentiment, a.label, a.version, a.confidence, a.complaint_score, a.language,
      a.explanation
    from analyses a
    where a.post_id = p.id order by a.created_at desc limit 1
  ) an on true`

function selectViews(where: SQL, tail: SQL = sql``): SQL {
  return sql`
    select ${COMPLAINT_PART_COLUMNS}, ${LEAD_PART_COLUMNS}
    from complaints c
    join posts p on p.id = c.lead_post_id
    ${leadJoins(sql`c.scoring_version`)}
    where ${where}
    ${tail}`
}

/** The given complaints with their leads, in no particular order. */
export async function loadComplaintViews(
  q: Queryable,
  ids: string[],
): Promise<ComplaintWithLead[]> {
  if (!ids.length) return []
  const rows = await queryRows<ComplaintRow & LeadRow>(
    q,
    selectViews(sql`c.id = ${anyOf(ids, 'uuid')}`),
  )
  return rows.map(toComplaintWithLead)
}

/** The lead parts of given posts under a scoring version, keyed by post id. */
export async function loadLeadParts(
  q: Queryable,
  postIds: number[],
  scoringVersion: string,
): Promise<Map<number, LeadRecord>> {
  if (!postIds.length) return new Map()
  const rows = await queryRows<LeadRow & { lead_id?: string | number }>(
    q,
    sql`select p.id as lead_id, ${LEAD_PART_COLUMNS} from posts p
        ${leadJoins(sql`${scoringVersion}`)}
        where p.id = ${anyOf(postIds, 'bigint')}`,
  )
  return new Map(rows.map(({ lead_id, ...lead }) => [Number(lead_id), toLeadRecord(lead)]))
}

/**
 * A brand's complaints, highest priority now first: ordered by the stored rank key, which
 * orders by live priority at any instant. The page is chosen from `complaints` alone first, so
 * that it is an index scan on complaints_ranked whatever the size of the backlog; only its
 * rows are joined to their lead posts.
 */
export async function listComplaintViews(
  q: Queryable,
  brandId: string,
  options: { state?: ComplaintState[]; limit: number },
): Promise<ComplaintWithLead[]> {
  const state = options.state ? sql` and c.state = ${anyOf(options.state, 'text')}` : sql``
  const rows = await queryRows<ComplaintRow & LeadRow>(
    q,
    sql`
    select ${COMPLAINT_PART_COLUMNS}, ${LEAD_PART_COLUMNS}
    from (
      select * from complaints c where c.brand_id = ${brandId}::uuid${state}
      order by c.rank_key desc nulls last, c.id limit ${options.limit}
    ) c
    join posts p on p.id = c.lead_post_id
    ${leadJoins(sql`c.scoring_version`)}
    order by c.rank_key desc nulls last, c.id`,
  )
  return rows.map(toComplaintWithLead)
}
