import type { ReplyNetwork } from '../../shared/replies.js'
import type { AppContext } from '../../server/context.js'
import {
  claimDueReply,
  recordAttempt,
  type AttemptOutcome,
  type ClaimedReply,
} from '../../server/domain/replies/delivery-outbox.js'
import { openReplyCredentials } from '../../server/domain/replies/reply-accounts.js'
import { publishComplaintEvents } from '../../server/realtime/complaint-events.js'
import type { ReplyAdapter } from './adapter.js'
import { blueskyAdapter } from './bluesky.js'
import { mastodonAdapter } from './mastodon.js'
import { AnswerLostError, backoff, createNetworkHttp, NotSentError } from './network-http.js'
import { redditAdapter } from './reddit.js'
import { xAdapter } from './x.js'

/** One adapter per network: a network added to REPLY_NETWORKS without one fails to compile. */
const ADAPTERS: { [N in ReplyNetwork]: ReplyAdapter<N> } = {
  bluesky: blueskyAdapter,
  mastodon: mastodonAdapter,
  x: xAdapter,
  reddit: redditAdapter,
}

/**
 * Delivers due replies from PostgreSQL's delivery outbox (the `replies` table), in a few
 * parallel slots: each claims a reply, makes one attempt and records what it found out. Redis
 * plays no part, so an outage of it delays no reply. `stop` lets attempts in flight finish.
 */
export function startDelivery(ctx: AppContext): { stop(): Promise<void> } {
  const log = ctx.logger.child({ mod: 'delivery' })
  const options = ctx.config.replies
  const http = createNetworkHttp({
    allowlist: ctx.config.ssrfAllowlist,
    timeoutMs: options.requestTimeoutMs,
  })
  let stopped = false
  const sleepers = new Set<() => void>()
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        sleepers.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      sleepers.add(done)
    })

  const slot = async () => {
    while (!stopped) {
      try {
        const claim = await claimDueReply(ctx, { leaseMs: options.leaseMs })
        if (!claim) {
          await sleep(options.pollMs)
          continue
        }
        await deliverOne(claim)
      } catch (err) {
        if (!ctx.health.reportFailure(err, 'postgres')) log.warn({ err }, 'delivery pass failed')
        await sleep(options.pollMs)
      }
    }
  }

  const deliverOne = async (claim: ClaimedReply) => {
    const { reply } = claim
    const fields = {
      replyId: reply.id,
      network: reply.network,
      attempt: claim.attempt,
      resumed: claim.resumed,
    }
    const network = reply.network as ReplyNetwork
    let outcome: AttemptOutcome
    const credentials = openReplyCredentials(ctx, claim.account, network)
    if (!credentials) {
      outcome = {
        kind: 'failed',
        message: `the brand's ${network} reply account has no credentials`,
      }
    } else {
      try {
        outcome = await (ADAPTERS[network] as ReplyAdapter<typeof network>).deliver({
          claim,
          credentials: credentials as never,
          http,
          retryBaseMs: options.retryBaseMs,
        })
      } catch (err) {
        const at = backoff(claim.attempt, options.retryBaseMs)
        const message = err instanceof Error ? err.message : String(err)
        if (err instanceof NotSentError) outcome = { kind: 'retry', reason: message, at }
        else if (err instanceof AnswerLostError)
          outcome = { kind: 'uncertain', reason: message, at }
        else throw err
      }
    }
    outcome = giveUpAfter(outcome, claim.attempt, options.maxAttempts)
    const events = await recordAttempt(ctx, claim, outcome)
    if (events === null)
      return log.warn(fields, 'another worker took this reply over; outcome dropped')
    publishComplaintEvents(ctx.publisher, events)
    const level =
      outcome.kind === 'sent'
        ? 'info'
        : outcome.kind === 'retry' || outcome.kind === 'uncertain'
          ? 'debug'
          : 'warn'
    const why =
      'reason' in outcome ? outcome.reason : 'message' in outcome ? outcome.message : undefined
    log[level]({ ...fields, outcome: outcome.kind, why }, `reply ${outcome.kind}`)
  }

  const slots = Array.from({ length: options.concurrency }, () => slot())
  return {
    async stop() {
      stopped = true
      for (const wake of [...sleepers]) wake()
      await Promise.all(slots)
    },
  }
}

/** Past the last attempt: a reply surely not published fails; one that may be is `unknown`. */
function giveUpAfter(outcome: AttemptOutcome, attempt: number, max: number): AttemptOutcome {
  if (attempt < max) return outcome
  if (outcome.kind === 'retry' && !outcome.accountBlockedUntil)
    return { kind: 'failed', message: `gave up after ${attempt} attempts: ${outcome.reason}` }
  if (outcome.kind === 'uncertain')
    return { kind: 'unknown', reason: `gave up after ${attempt} attempts: ${outcome.reason}` }
  return outcome
}
