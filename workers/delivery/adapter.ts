import type { ReplyNetwork } from '../../shared/replies.js'
import type { AttemptOutcome, ClaimedReply } from '../../server/domain/replies/delivery-outbox.js'
import type { ReplyCredentials } from '../../server/domain/replies/reply-accounts.js'
import type { NetworkHttp } from './network-http.js'

/** What an adapter gets for one attempt. Credentials live in this object only. */
export interface DeliveryInput<N extends ReplyNetwork> {
  claim: ClaimedReply
  credentials: ReplyCredentials<N>
  http: NetworkHttp
  retryBaseMs: number
}

/**
 * One network's way of publishing a reply exactly once. `deliver` makes one attempt; when the
 * claim is `resumed`, a previous attempt may have published it and the adapter must not post
 * twice (a key the network deduplicates on, or a look on the network first). It throws
 * NotSentError or AnswerLostError from the transport, and returns every other outcome.
 */
export interface ReplyAdapter<N extends ReplyNetwork> {
  defaultBaseUrl: string | null
  deliver(input: DeliveryInput<N>): Promise<AttemptOutcome>
}

export const baseUrlOf = (claim: ClaimedReply, fallback: string | null): string => {
  const base = claim.account.baseUrl ?? fallback
  if (!base) throw new Error(`the ${claim.reply.network} reply account has no base URL`)
  return base.replace(/\/$/, '')
}
