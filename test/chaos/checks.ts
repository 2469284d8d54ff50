import type { ComplaintView } from '../../shared/schemas/complaints.js'

/** A pool, or one client inside a transaction (the self-test checks tampered data). */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>
}

export interface CheckFigures {
  sent: number
  stored: number
  /** Distinct posts sent that are not stored. */
  lost: number
  /** Posts stored more than once for the same (network, external id). */
  dup: number
  dupAnalyses: number
  dupScoreRevisions: number
  /** Revision-0 score rows minus posts: each post is scored once, however often its job ran. */
  revision0Excess: number
  unanalysed: number
  /** Outbox rows not done. */
  stuck: number
  complaints: number
  /** Complaints whose post_count or complaint_count differ from their thread's posts. */
  counterMismatches: number
  /** Threads with a complaint post and no complaint row. */
  missingComplaints: number
  eventSeq: number
  maxSeq: number
  eventCount: number
  /** Seqs missing from 1..max. */
  seqGaps: number
  /** brands.event_seq, max(seq) and count(*) do not all agree. */
  eventSeqMismatch: boolean
  clientMismatches: number
  mismatchSamples: string[]
}

const one = async (q: Queryable, text: string, values: unknown[]) => {
  const { rows } = await q.query(text, values)
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v ?? 0)]))
}

/** Every invariant of RELIABILITY.md that SQL can see, for one brand's data. */
export async function checkDatabase(
  q: Queryable,
  brandId: string,
  sent: number,
): Promise<Omit<CheckFigures, 'clientMismatches' | 'mismatchSamples'>> {
  const posts = await one(
    q,
    `select count(*) as stored, count(*) - count(distinct (network, external_id)) as dup
       from posts where brand_id = $1`,
    [brandId],
  )
  const analyses = await one(
    q,
    `select count(*) - count(distinct a.post_id) as dup
       from analyses a join posts p on p.id = a.post_id where p.brand_id = $1`,
    [brandId],
  )
  const scores = await one(
    q,
    `select count(*) - count(distinct (s.post_id, s.version, s.revision)) as dup,
            count(*) filter (where s.revision = 0) as revision0
       from scores s join posts p on p.id = s.post_id where p.brand_id = $1`,
    [brandId],
  )
  const pending = await one(
    q,
    `select (select count(*) from posts p where p.brand_id = $1
               and not exists (select 1 from analyses a where a.post_id = p.id)) as unanalysed,
            (select count(*) from outbox where done_at is null) as stuck`,
    [brandId],
  )
  const counters = await one(
    q,
    `with thread as (
       select c.id, c.post_count, c.complaint_count,
              count(p.id) filter (where p.deleted_at is null) as posts,
              count(p.id) filter (where p.deleted_at is null and exists (
                select 1 from analyses a where a.post_id = p.id and a.is_complaint)) as complaints
         from complaints c
         left join posts p on p.brand_id = c.brand_id and p.network = c.network
                          and p.thread_key = c.thread_key
        where c.brand_id = $1
        group by c.id)
     select count(*) as complaints,
            count(*) filter (where post_count <> posts or complaint_count <> complaints) as mismatched
       from thread`,
    [brandId],
  )
  const missing = await one(
    q,
    `select count(*) as missing from (
       select distinct p.network, p.thread_key from posts p
         join analyses a on a.post_id = p.id
        where p.brand_id = $1 and a.is_complaint and p.deleted_at is null) t
      where not exists (select 1 from complaints c where c.brand_id = $1
                          and c.network = t.network and c.thread_key = t.thread_key)`,
    [brandId],
  )
  const events = await one(
    q,
    `select (select event_seq from brands where id = $1) as event_seq,
            coalesce(max(seq), 0) as max_seq, count(*) as count
       from events where brand_id = $1`,
    [brandId],
  )
  const stored = posts.stored!
  return {
    sent,
    stored,
    lost: sent - stored,
    dup: posts.dup!,
    dupAnalyses: analyses.dup!,
    dupScoreRevisions: scores.dup!,
    revision0Excess: scores.revision0! - stored,
    unanalysed: pending.unanalysed!,
    stuck: pending.stuck!,
    complaints: counters.complaints!,
    counterMismatches: counters.mismatched!,
    missingComplaints: missing.missing!,
    eventSeq: events.event_seq!,
    maxSeq: events.max_seq!,
    eventCount: events.count!,
    seqGaps: events.max_seq! - events.count!,
    eventSeqMismatch: !(events.event_seq === events.max_seq && events.max_seq === events.count),
  }
}

/**
 * The console's latest view of each complaint against the complaints table: the same ids, and
 * per id the same counts, rank key, scoring version and lead post.
 */
export async function compareClient(
  q: Queryable,
  brandId: string,
  views: Map<string, { view: ComplaintView }>,
): Promise<{ clientMismatches: number; mismatchSamples: string[] }> {
  const { rows } = await q.query(
    `select c.id, c.post_count, c.complaint_count, c.rank_key, c.scoring_version,
            p.external_id as lead
       from complaints c join posts p on p.id = c.lead_post_id where c.brand_id = $1`,
    [brandId],
  )
  const samples: string[] = []
  let mismatches = 0
  const miss = (text: string) => {
    mismatches++
    if (samples.length < 10) samples.push(text)
  }
  const seen = new Set<string>()
  for (const row of rows) {
    const id = String(row.id)
    seen.add(id)
    const view = views.get(id)?.view
    if (!view) {
      miss(`${id}: in the database, never seen by the console`)
      continue
    }
    const diffs = [
      view.postCount !== Number(row.post_count) && `postCount ${view.postCount}≠${row.post_count}`,
      view.complaintCount !== Number(row.complaint_count) &&
        `complaintCount ${view.complaintCount}≠${row.complaint_count}`,
      Math.abs(view.rankKey - Number(row.rank_key)) > 1e-6 &&
        `rankKey ${view.rankKey}≠${row.rank_key}`,
      view.scoringVersion !== row.scoring_version &&
        `scoringVersion ${view.scoringVersion}≠${String(row.scoring_version)}`,
      view.lead.externalId !== row.lead && `lead ${view.lead.externalId}≠${String(row.lead)}`,
    ].filter(Boolean)
    if (diffs.length) miss(`${id}: ${diffs.join(', ')}`)
  }
  for (const id of views.keys())
    if (!seen.has(id)) miss(`${id}: seen by the console, not in the database`)
  return { clientMismatches: mismatches, mismatchSamples: samples }
}
