import { sql } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import { queryRows } from '../../db/rows.js'
import { retryOnDeadlock } from '../../db/retry-on-deadlock.js'
import { appendComplaintEvent, type PendingEvent } from '../events/append-events.js'
import { findReplyAccount, type ReplyAccountRow } from '../../db/repositories/reply-accounts.js'
import { loadReply, type ReplyRecord } from '../../db/repositories/replies.js'
import { settleSent, storeReplyPost } from './settle-sent.js'

/** The post a reply answers, as the network knows it. */
export interface ParentPost {
  externalId: string
  url: string | null
  inReplyTo: string | null
}

/** A reply a worker holds for one attempt. */
export interface ClaimedReply {
  reply: ReplyRecord
  account: ReplyAccountRow
  parent: ParentPost
  /**
   * A previous attempt started and its outcome was never recorded (its worker died, or the
   * connection dropped after the request went out): the reply may be on the network already.
   */
  resumed: boolean
  /** When the previous attempt started (or its lost answer was recorded); null on the first. */
  previousAttemptAt: Date | null
  /** The attempt number this claim holds: recording its outcome is fenced on it. */
  attempt: number
}

/** What an attempt found out. */
export type AttemptOutcome =
  | { kind: 'sent'; externalId: string; url: string }
  /** Not published, for sure (5xx, 429, no connection): try again at `at`. */
  | { kind: 'retry'; reason: string; at: Date; accountBlockedUntil?: Date }
  /** The network refused it (4xx): a person may retry. */
  | { kind: 'failed'; message: string }
  /** It may have been published (the answer was lost): check before any further attempt. */
  | { kind: 'uncertain'; reason: string; at: Date }
  /** It may have been published and there is no way to check: never resent by itself. */
  | { kind: 'unknown'; reason: string }

/**
 * Claims the next due reply: a queued one whose time came, or a sending one whose worker's
 * lease ran out, under an account the network is not holding back. The row is marked
 * `sending` with a lease and committed before the network is called, so a crash leaves a
 * trace, and SKIP LOCKED keeps two workers from taking the same reply.
 */
export async function claimDueReply(
  ctx: AppContext,
  options: { leaseMs: number },
): Promise<ClaimedReply | null> {
  const [claimed] = await queryRows<{
    id: string
    prior: string
    prior_at: Date | string
    attempts: number
  }>(
    ctx.db,
    sql`with due as (
          select r.id, r.state as prior, r.updated_at as prior_at from replies r
          join reply_accounts a on a.brand_id = r.brand_id and a.network = r.network
          where r.kind = 'delivery'
            and ((r.state = 'queued' and r.next_attempt_at <= now())
              or (r.state = 'sending' and r.lease_until <= now()))
            and (a.blocked_until is null or a.blocked_until <= now())
          order by r.next_attempt_at nulls first, r.id
          limit 1
          for update of r skip locked
        )
        update replies r set state = 'sending', attempts = r.attempts + 1,
          lease_until = now() + make_interval(secs => ${options.leaseMs / 1000}),
          updated_at = now()
        from due where r.id = due.id
        returning r.id, due.prior, due.prior_at, r.attempts`,
  )
  if (!claimed) return null
  const reply = (await loadReply(ctx.db, claimed.id))!
  const account = (await findReplyAccount(ctx.db, reply.brandId, reply.network))!
  const [parent] = await queryRows<{
    external_id: string
    url: string | null
    in_reply_to: string | null
  }>(
    ctx.db,
    sql`select external_id, url, in_reply_to from posts where id = ${reply.parentPostId}::bigint`,
  )
  return {
    reply,
    account,
    parent: { externalId: parent!.external_id, url: parent!.url, inReplyTo: parent!.in_reply_to },
    resumed: claimed.prior === 'sending',
    previousAttemptAt: claimed.attempts > 1 ? new Date(claimed.prior_at) : null,
    attempt: claimed.attempts,
  }
}

/**
 * Records an attempt's outcome in one transaction (with the thread's post, the complaint's
 * move to `waiting` and the event when it was sent). Fenced on the attempt: when another
 * worker took the reply over (this one outlived its lease), nothing is written and null comes
 * back. Returns the events to push. Should this fail (PostgreSQL away), the reply stays
 * `sending` and the next claim after its lease checks the network before anything else.
 */
export async function recordAttempt(
  ctx: AppContext,
  claim: ClaimedReply,
  outcome: AttemptOutcome,
): Promise<PendingEvent[] | null> {
  const { reply } = claim
  // A thread's analysis batch may hold the complaint while it waits for a row we hold.
  return retryOnDeadlock(() =>
    ctx.db.transaction(async (tx) => {
      const [held] = await queryRows(
        tx,
        sql`select 1 from replies where id = ${reply.id}::uuid and state = 'sending'
          and attempts = ${claim.attempt} for update`,
      )
      if (!held) return null
      const set = (fields: ReturnType<typeof sql>) =>
        tx.execute(
          sql`update replies set ${fields}, updated_at = now() where id = ${reply.id}::uuid`,
        )
      switch (outcome.kind) {
        case 'sent': {
          const postId = await storeReplyPost(tx, {
            brandId: reply.brandId,
            network: reply.network,
            parentPostId: reply.parentPostId,
            account: claim.account,
            externalId: outcome.externalId,
            url: outcome.url,
            text: reply.text,
          })
          await set(sql`state = 'sent', external_id = ${outcome.externalId}, url = ${outcome.url},
                      post_id = ${postId}::bigint, sent_at = now(), lease_until = null,
                      last_error = null`)
          await settleSent(tx, { complaintId: reply.complaintId, actorId: reply.createdBy })
          return appendComplaintEvent(tx, reply.complaintId, 'reply.sent')
        }
        case 'retry':
          if (outcome.accountBlockedUntil) {
            await tx.execute(
              sql`update reply_accounts set blocked_until = greatest(coalesce(blocked_until,
                  ${outcome.accountBlockedUntil.toISOString()}::timestamptz),
                  ${outcome.accountBlockedUntil.toISOString()}::timestamptz)
                where brand_id = ${reply.brandId}::uuid and network = ${reply.network}`,
            )
          }
          await set(sql`state = 'queued', next_attempt_at = ${outcome.at.toISOString()}::timestamptz,
                      lease_until = null, last_error = ${outcome.reason}`)
          return []
        case 'uncertain':
          // Still `sending`: the next claim after `at` is a resumed one, which checks first.
          await set(sql`lease_until = ${outcome.at.toISOString()}::timestamptz,
                      last_error = ${outcome.reason}`)
          return []
        case 'failed':
          await set(sql`state = 'failed', lease_until = null, last_error = ${outcome.message}`)
          return appendComplaintEvent(tx, reply.complaintId, 'reply.failed')
        case 'unknown':
          await set(sql`state = 'unknown', lease_until = null, last_error = ${outcome.reason}`)
          return appendComplaintEvent(tx, reply.complaintId, 'reply.failed')
      }
    }),
  )
}
