import { SourceError, type DeletedPost, type PollResult } from './connector.js'

/** Fresh counts of one stored post, as PollResult.engagement carries them. */
export type FreshCounts = NonNullable<PollResult['engagement']>[number]

/**
 * What re-reading recently stored posts found. Networks that only answer searches never say
 * a post was deleted or how its counts moved: a connector asks again for the posts it stored
 * lately, and what is missing is deleted, what is there has fresh counts (velocity).
 */
export interface Recheck {
  deletes: DeletedPost[]
  engagement: FreshCounts[]
  /** External ids found deleted: they leave the list re-read at the next poll. */
  gone: Set<string>
  /** The network asked us to wait (a 429, or its quota is spent): not before this (epoch ms). */
  retryAt?: number
  /** Why the recheck failed: the poll's new posts still go in, and the next poll asks again. */
  warning?: string
}

export const noRecheck = (): Recheck => ({ deletes: [], engagement: [], gone: new Set() })

/**
 * A failed recheck never fails the poll's new posts: a 429 is honoured through `retryAt`
 * (the connector waits for it), anything else is reported and retried at the next poll.
 */
export function recheckFailed(err: unknown): Recheck {
  const failure = err instanceof SourceError ? err : null
  const message = failure?.message ?? `recheck failed: ${(err as Error)?.message ?? String(err)}`
  return {
    ...noRecheck(),
    warning: `recheck of stored posts failed: ${message}`,
    ...(failure?.options.status === 429 && failure.options.retryAt
      ? { retryAt: failure.options.retryAt }
      : {}),
  }
}

/** The next list of posts to re-read: this poll's stored posts first, the deleted ones out. */
export function nextRecent(
  stored: string[],
  previous: string[],
  gone: Set<string>,
  max: number,
): string[] {
  return [...new Set([...stored, ...previous])].filter((id) => !gone.has(id)).slice(0, max)
}

/** Splits ids into batches of `size` (one request each). */
export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
