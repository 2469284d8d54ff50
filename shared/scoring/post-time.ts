/**
 * How long before it reached Firebreak a post's own date is believed. A post's date is the
 * network's (or a producer's) word: a backfill, a broken clock or a hostile payload can say
 * 1970, and waiting since 1970 would put it first in the queue for good. Scoring reads the
 * post as written no earlier than a day before it arrived, and no later than its arrival.
 */
export const BELIEVED_BACKDATE_MS = 24 * 3600 * 1000

/** The time scoring reads a post as written at (recency, velocity, waiting): see above. */
export function believedPostedAt(postedAt: Date, ingestedAt: Date): Date {
  const earliest = ingestedAt.getTime() - BELIEVED_BACKDATE_MS
  return new Date(Math.min(ingestedAt.getTime(), Math.max(earliest, postedAt.getTime())))
}
