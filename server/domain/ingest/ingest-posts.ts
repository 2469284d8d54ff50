import { and, eq, sql } from 'drizzle-orm'
import type { IngestChannel, NormalizedPost } from '../../../shared/schemas/posts.js'
import type { AppContext } from '../../context.js'
import type { Tx } from '../../db/client.js'
import { queryRows } from '../../db/rows.js'
import { addOutboxRows } from '../../db/repositories/outbox.js'
import { posts, sources, webhookDeliveries } from '../../db/schema.js'
import { anyOf, jsonRecordset, unnest } from '../../db/unnest.js'
import { AppError } from '../../lib/app-error.js'
import { dispatchOutbox } from './dispatch-outbox.js'
import { recordRejections, type Rejection } from './reject-payloads.js'

export interface IngestBatch {
  brandId: string
  /** The configured source they came through, if any. */
  sourceId?: string | null
  channel: IngestChannel
  posts: NormalizedPost[]
  /** The source's new cursor, committed with the posts it covers. */
  cursor?: unknown
  /** Items of the same batch that failed validation, set aside in the same transaction. */
  rejections?: Rejection[]
  /** A webhook message id: accepted once per source, refused when replayed. */
  webhookId?: string
}

export interface IngestResult {
  inserted: number
  duplicates: number
  /** Rejections stored for the first time (a bad payload seen again is kept once). */
  rejected: number
  outboxIds: number[]
}

/**
 * Stores posts once: the unique (brand, network, external id) key, not a job id, makes a
 * redelivery a no-op. Posts, authors, the analyze outbox row, the cursor and the webhook id
 * commit together; the analyze job is enqueued after commit (the sweeper covers a failure).
 */
export async function ingestPosts(ctx: AppContext, batch: IngestBatch): Promise<IngestResult> {
  const result = await ctx.db.transaction(async (tx) => {
    if (batch.webhookId) await recordWebhookDelivery(tx, batch.sourceId, batch.webhookId)
    const inserted = batch.posts.length ? await insertPosts(tx, batch) : []
    const rejected = await recordRejections(tx, batch.rejections ?? [])
    // One outbox row (one analyze job) per analyzer batch, so big pages spread over workers.
    const chunks = chunk(inserted, ctx.config.analyze.batchSize)
    const outboxIds = await addOutboxRows(
      tx,
      'post.analyze',
      chunks.map((postIds) => ({ postIds })),
    )
    if (batch.cursor !== undefined && batch.sourceId) {
      await tx
        .update(sources)
        .set({ cursor: batch.cursor, updatedAt: sql`now()` })
        .where(eq(sources.id, batch.sourceId))
    }
    return {
      inserted: inserted.length,
      duplicates: batch.posts.length - inserted.length,
      rejected,
      outboxIds,
    }
  })
  ctx.metrics.postsIngested.inc({ channel: batch.channel }, result.inserted)
  ctx.metrics.postsDuplicate.inc({ channel: batch.channel }, result.duplicates)
  ctx.metrics.postsRejected.inc({ channel: batch.channel }, batch.rejections?.length ?? 0)
  for (const id of result.outboxIds) await dispatchOutbox(ctx, { id, kind: 'post.analyze' })
  return result
}

export async function recordWebhookDelivery(
  tx: Tx,
  sourceId: string | null | undefined,
  webhookId: string,
) {
  if (!sourceId) throw new Error('a webhook delivery needs its network')
  const rows = await tx
    .insert(webhookDeliveries)
    .values({ sourceId, webhookId })
    .onConflictDoNothing()
    .returning({ webhookId: webhookDeliveries.webhookId })
  if (!rows.length) {
    throw new AppError(
      'unauthorized',
      `Replayed delivery: webhook-id ${webhookId} was already accepted`,
    )
  }
}

/** Inserts new posts (and their authors); returns the ids of posts stored for the first time. */
async function insertPosts(tx: Tx, batch: IngestBatch): Promise<number[]> {
  // One row per identity, in key order, so concurrent batches lock rows in the same order.
  const unique = [
    ...new Map(batch.posts.map((p) => [`${p.network}\u0000${p.externalId}`, p])).values(),
  ]
  unique.sort((a, b) => compareKeys(a.network, a.externalId, b.network, b.externalId))

  const authorIds = await upsertAuthors(tx, authorNamespace(batch), unique)
  const threadKeys = await resolveThreadKeys(tx, batch.brandId, unique)
  const rows = await queryRows<{ id: number | string }>(
    tx,
    sql`insert into posts (brand_id, source_id, network, external_id, author_id, url, text, lang,
          posted_at, likes, replies, shares, in_reply_to, thread_key)
        select ${batch.brandId}::uuid, ${batch.sourceId ?? null}::text, r.*
        from ${jsonRecordset(
          unique.map((p) => ({
            network: p.network,
            external_id: p.externalId,
            author_id: authorIds.get(`${p.network}\u0000${p.author.externalId}`),
            url: p.url,
            text: p.text,
            lang: p.lang,
            posted_at: p.postedAt,
            likes: p.engagement.likes,
            replies: p.engagement.replies,
            shares: p.engagement.shares,
            in_reply_to: p.inReplyTo,
            thread_key: threadKeys.get(`${p.network}\u0000${p.externalId}`),
          })),
          `network text, external_id text, author_id bigint, url text, text text, lang text,
           posted_at timestamptz, likes bigint, replies bigint, shares bigint, in_reply_to text,
           thread_key text`,
        )}
        on conflict (brand_id, network, external_id) do nothing
        returning id`,
  )
  return rows.map((r) => Number(r.id))
}

/**
 * Where a batch's authors live: a configured source writes only its own rows (`source:<id>`),
 * a one-off import its brand's (`brand:<id>`), so that no source can rename, or zero the
 * followers of, an author another source (or another brand) reported.
 */
export const authorNamespace = (batch: { brandId: string; sourceId?: string | null }) =>
  batch.sourceId ? `source:${batch.sourceId}` : `brand:${batch.brandId}`

async function upsertAuthors(
  tx: Tx,
  namespace: string,
  batch: NormalizedPost[],
): Promise<Map<string, number>> {
  const byKey = new Map(batch.map((p) => [`${p.network}\u0000${p.author.externalId}`, p]))
  const authors = [...byKey.values()]
    .sort((a, b) => compareKeys(a.network, a.author.externalId, b.network, b.author.externalId))
    .map((p) => ({ network: p.network, ...p.author }))
  const rows = await queryRows<{ id: number | string; network: string; external_id: string }>(
    tx,
    sql`insert into authors as a (namespace, network, external_id, handle, display_name,
          followers, karma, verified)
        select ${namespace}::text, u.* from ${unnest([
          [authors.map((a) => a.network), 'text'],
          [authors.map((a) => a.externalId), 'text'],
          [authors.map((a) => a.handle), 'text'],
          [authors.map((a) => a.displayName), 'text'],
          [authors.map((a) => a.followers), 'bigint'],
          [authors.map((a) => a.karma), 'bigint'],
          [authors.map((a) => a.verified), 'boolean'],
        ])} as u
        on conflict (namespace, network, external_id) do update set
          handle = excluded.handle,
          display_name = coalesce(excluded.display_name, a.display_name),
          followers = coalesce(excluded.followers, a.followers),
          karma = coalesce(excluded.karma, a.karma),
          verified = coalesce(excluded.verified, a.verified),
          updated_at = now()
        returning id, network, external_id`,
  )
  return new Map(rows.map((r) => [`${r.network}\u0000${r.external_id}`, Number(r.id)]))
}

/**
 * A post's thread: the source's own thread id, else the thread of the post it replies to
 * (in this batch or already stored), else the replied-to id, else the post itself.
 */
async function resolveThreadKeys(
  tx: Tx,
  brandId: string,
  batch: NormalizedPost[],
): Promise<Map<string, string>> {
  const keys = new Map<string, string>()
  const inBatch = new Map(batch.map((p) => [`${p.network}\u0000${p.externalId}`, p]))
  const parentIds = [
    ...new Set(batch.filter((p) => !p.threadId && p.inReplyTo).map((p) => p.inReplyTo!)),
  ]
  const stored = new Map<string, string>()
  if (parentIds.length) {
    const rows = await tx
      .select({ network: posts.network, externalId: posts.externalId, threadKey: posts.threadKey })
      .from(posts)
      .where(
        and(eq(posts.brandId, brandId), sql`${posts.externalId} = ${anyOf(parentIds, 'text')}`),
      )
    for (const r of rows) stored.set(`${r.network}\u0000${r.externalId}`, r.threadKey)
  }
  const threadOf = (p: NormalizedPost, depth: number): string => {
    if (p.threadId) return p.threadId
    if (!p.inReplyTo) return p.externalId
    const parentKey = `${p.network}\u0000${p.inReplyTo}`
    const parent = inBatch.get(parentKey)
    if (parent && depth < 50) return threadOf(parent, depth + 1)
    return stored.get(parentKey) ?? p.inReplyTo
  }
  for (const [key, p] of inBatch) keys.set(key, threadOf(p, 0))
  return keys
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

function compareKeys(aSource: string, aId: string, bSource: string, bId: string): number {
  return aSource < bSource ? -1 : aSource > bSource ? 1 : aId < bId ? -1 : aId > bId ? 1 : 0
}
