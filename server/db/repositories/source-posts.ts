import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Queryable } from '../client.js'
import { anyOf } from '../unnest.js'
import { authors, posts } from '../schema.js'

interface SourceScope {
  brandId: string
  sourceId: string
  network: string
}

/** The posts this source stored on its network that are not deleted yet. */
const liveOfSource = (scope: SourceScope) =>
  and(
    eq(posts.brandId, scope.brandId),
    eq(posts.sourceId, scope.sourceId),
    eq(posts.network, scope.network),
    isNull(posts.deletedAt),
  )

/**
 * Which of these posts this source stored and are not yet deleted: a firehose announces every
 * deletion on the network, and only the few that are ours are worth a transaction.
 */
export async function liveSourcePostIds(
  q: Queryable,
  scope: SourceScope,
  externalIds: string[],
): Promise<string[]> {
  if (!externalIds.length) return []
  const rows = await q
    .select({ externalId: posts.externalId })
    .from(posts)
    .where(and(liveOfSource(scope), sql`${posts.externalId} = ${anyOf(externalIds, 'text')}`))
  return rows.map((r) => r.externalId)
}

/** The live posts this source stored by these authors (their ids on the network). */
export async function liveSourcePostIdsByAuthors(
  q: Queryable,
  scope: SourceScope,
  authorExternalIds: string[],
): Promise<string[]> {
  if (!authorExternalIds.length) return []
  const rows = await q
    .select({ externalId: posts.externalId })
    .from(posts)
    .innerJoin(authors, eq(authors.id, posts.authorId))
    .where(
      and(
        liveOfSource(scope),
        eq(authors.network, scope.network),
        sql`${authors.externalId} = ${anyOf(authorExternalIds, 'text')}`,
      ),
    )
  return rows.map((r) => r.externalId)
}
