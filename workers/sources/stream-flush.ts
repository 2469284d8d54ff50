import type { NormalizedPost } from '../../shared/schemas/posts.js'
import type { AppContext } from '../../server/context.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import {
  liveSourcePostIds,
  liveSourcePostIdsByAuthors,
} from '../../server/db/repositories/source-posts.js'
import { markPostDeleted } from '../../server/domain/complaints/delete-post.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { applyEdits, applyEngagement } from '../../server/domain/sources/source-updates.js'
import { publishComplaintEvents } from '../../server/realtime/complaint-events.js'
import type { StreamEvent } from './stream-connector.js'

/**
 * Fills in what a stream does not carry about authors (handle, followers, verification)
 * before posts are stored; e.g. a cached getProfiles for Bluesky. Returns the posts to store.
 */
export type EnrichPosts = (source: SourceRow, posts: NormalizedPost[]) => Promise<NormalizedPost[]>

export interface FlushOutcome {
  inserted: number
  rejected: number
  deleted: number
  edited: number
}

/**
 * Stores one batch of a stream's events and the cursor that covers them. Posts and rejections
 * go first; edits, engagement and deletes after them (a post made and deleted within one batch
 * is stored, then deleted) and before the cursor commits, so a crash anywhere replays them from
 * the old cursor (a replayed post is a no-op, a replayed edit or delete changes nothing more).
 * Without such updates the posts and the cursor commit in one transaction.
 */
export async function flushStreamBatch(
  ctx: AppContext,
  source: SourceRow,
  events: StreamEvent[],
  cursor: unknown,
  enrich?: EnrichPosts,
): Promise<FlushOutcome> {
  const where = { brandId: source.brandId, sourceId: source.id, channel: 'connector' } as const
  const records = events.flatMap((e) => (e.type === 'record' ? [e.record] : []))
  const found = records.flatMap((r) => (r.ok ? [r.post] : []))
  const posts = enrich && found.length ? await enrich(source, found) : found
  const rejections = records.flatMap((r) =>
    r.ok ? [] : [{ ...where, issues: r.issues, payload: r.raw, line: r.line }],
  )
  const deletes = events.flatMap((e) => (e.type === 'delete' ? [e.deleted] : []))
  const gone = events.flatMap((e) => (e.type === 'authorGone' ? [e] : []))
  const edits = events.flatMap((e) => (e.type === 'edit' ? [e.post] : []))
  const engagement = events.flatMap((e) => (e.type === 'engagement' ? [e.engagement] : []))
  const hasUpdates = deletes.length + gone.length + edits.length + engagement.length > 0

  const ingested = await ingestPosts(ctx, {
    ...where,
    posts,
    rejections,
    cursor: hasUpdates ? undefined : cursor,
  })
  let deleted = 0
  let edited = 0
  if (hasUpdates) {
    const scope = { brandId: source.brandId, sourceId: source.id }
    edited = await applyEdits(ctx, scope, edits)
    await applyEngagement(ctx, scope, engagement)
    deleted = await applyDeletes(ctx, source, deletes, gone)
    await ingestPosts(ctx, { ...where, posts: [], cursor })
  }
  return { inserted: ingested.inserted, rejected: ingested.rejected, deleted, edited }
}

/** Deletes what this source stored among the named posts and the gone authors' posts. */
async function applyDeletes(
  ctx: AppContext,
  source: SourceRow,
  deletes: Array<{ network: string; externalId: string }>,
  gone: Array<{ network: string; authorExternalId: string; status: string | null }>,
): Promise<number> {
  const targets: Array<{ network: string; externalId: string }> = []
  for (const network of new Set([...deletes, ...gone].map((d) => d.network))) {
    const scope = { brandId: source.brandId, sourceId: source.id, network }
    const named = deletes.filter((d) => d.network === network).map((d) => d.externalId)
    const authors = gone.filter((g) => g.network === network).map((g) => g.authorExternalId)
    // Every account event on the network reaches every subscriber: few are our authors.
    const byAuthors = await liveSourcePostIdsByAuthors(ctx.db, scope, authors)
    if (byAuthors.length) {
      ctx.logger.info(
        { mod: 'streams', sourceId: source.id, posts: byAuthors.length },
        'accounts gone from the network: their posts are marked deleted',
      )
    }
    const ids = new Set([...(await liveSourcePostIds(ctx.db, scope, named)), ...byAuthors])
    for (const externalId of ids) targets.push({ network, externalId })
  }
  let deleted = 0
  for (const target of targets) {
    const { changed, events } = await markPostDeleted(ctx, {
      brandId: source.brandId,
      sourceId: source.id,
      ...target,
    })
    if (changed) deleted++
    publishComplaintEvents(ctx.publisher, events)
  }
  return deleted
}
