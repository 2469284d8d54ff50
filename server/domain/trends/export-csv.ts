import type { RollupsExportQuery, TrendRangeQuery } from '../../../shared/schemas/trends.js'
import type { Queryable } from '../../db/client.js'
import { complaintExportPage, rollupExportPage } from '../../db/repositories/export-pages.js'
import { csvRecord } from '../../lib/csv.js'
import { resolveBrandRange } from './trend-period.js'
import { presentCounts } from './trend-points.js'

/** A CSV download: its file name and its text, one page of records at a time. */
export interface CsvExport {
  filename: string
  chunks: AsyncIterable<string>
}

const day = (d: Date) => d.toISOString().slice(0, 10)

/**
 * A brand's rollups of one grain and dimension over a dashboard range, as CSV read in keyset
 * pages (the range is checked before the first byte, so a bad one is still a 400).
 */
export async function exportRollups(
  q: Queryable,
  input: { brandId: string; query: RollupsExportQuery; now: Date },
): Promise<CsvExport> {
  const range = await resolveBrandRange(q, input)
  const { dimension } = input.query
  async function* chunks() {
    yield csvRecord([
      'bucket',
      'grain',
      'dimension',
      'key',
      'label',
      'posts',
      'complaints',
      'positive',
      'neutral',
      'negative',
      'negative_share',
      'reach_negativity',
    ])
    let after: { key: string; bucket: Date } | null = null
    for (;;) {
      const rows = await rollupExportPage(q, { ...input, ...range, dimension, after })
      if (!rows.length) return
      yield rows
        .map((r) => {
          const c = presentCounts(r)
          return csvRecord([
            r.bucket,
            range.grain,
            dimension,
            r.key,
            r.label,
            c.posts,
            c.complaints,
            c.positive,
            c.neutral,
            c.negative,
            c.negativeShare,
            c.reachNegativity,
          ])
        })
        .join('')
      const last = rows.at(-1)!
      after = { key: last.key, bucket: last.bucket }
    }
  }
  return {
    filename: `rollups-${dimension}-${range.grain}-${day(range.from)}-${day(range.to)}.csv`,
    chunks: chunks(),
  }
}

/**
 * The complaints that arrived in a dashboard range, oldest first, with their lead post, as
 * CSV read in keyset pages. Post text and handles are hostile: csvRecord neutralises them.
 */
export async function exportComplaints(
  q: Queryable,
  input: { brandId: string; query: TrendRangeQuery; now: Date },
): Promise<CsvExport> {
  const range = await resolveBrandRange(q, input)
  async function* chunks() {
    yield csvRecord([
      'complaint_id',
      'first_seen_at',
      'network',
      'state',
      'priority',
      'author_handle',
      'author_followers',
      'lead_post_url',
      'lead_post_text',
      'complaint_posts',
      'posts',
      'first_response_at',
      'resolved_at',
      'outcome',
    ])
    let after: { cursor: string; id: string } | null = null
    for (;;) {
      const rows = await complaintExportPage(q, { brandId: input.brandId, ...range, after })
      if (!rows.length) return
      yield rows
        .map((r) =>
          csvRecord([
            r.id,
            r.firstSeenAt,
            r.network,
            r.state,
            Math.round(r.priority * 100) / 100,
            r.handle,
            r.followers,
            r.url,
            r.text,
            r.complaintCount,
            r.postCount,
            r.firstResponseAt,
            r.resolvedAt,
            r.outcome,
          ]),
        )
        .join('')
      const last = rows.at(-1)!
      after = { cursor: last.cursor, id: last.id }
    }
  }
  return {
    filename: `complaints-${day(range.from)}-${day(range.to)}.csv`,
    chunks: chunks(),
  }
}
