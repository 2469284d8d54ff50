import crypto from 'node:crypto'
import type { AppContext } from '../../server/context.js'

/** Extends the lease only if it is still ours (compare-and-pexpire). */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`
/** Releases only our own lease (compare-and-delete). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1]) end return 0`

export interface StreamLease {
  /** Stops renewing and gives the lease back, so another worker may take the stream at once. */
  release(): Promise<void>
}

/**
 * Takes the right to hold one source's stream, for `leaseMs`, renewed every third of it while
 * held: two worker processes never hold the same firehose (each would store every event twice
 * over the network, and race on the cursor). Like poll-source's lock, but held while connected.
 * Null when another worker holds it. `onLost` is called if a renewal finds it gone (Redis lost
 * it, or a pause outlived it): the holder must disconnect, since someone else may now connect.
 */
export async function takeStreamLease(
  ctx: AppContext,
  sourceId: string,
  leaseMs: number,
  onLost: () => void,
): Promise<StreamLease | null> {
  const key = `${ctx.config.queuePrefix}:lease:stream:${sourceId}`
  const token = crypto.randomUUID()
  if ((await ctx.redis.set(key, token, 'PX', leaseMs, 'NX')) !== 'OK') return null
  let released = false
  const timer = setInterval(
    () => {
      ctx.redis.eval(RENEW, 1, key, token, String(leaseMs)).then(
        (renewed) => {
          if (!renewed && !released) {
            released = true
            clearInterval(timer)
            onLost()
          }
        },
        // Redis away: the lease may lapse; the next renewal that reaches Redis says so.
        (err: unknown) =>
          ctx.logger.debug({ mod: 'streams', sourceId, err }, 'lease renewal failed'),
      )
    },
    Math.max(100, Math.floor(leaseMs / 3)),
  )
  timer.unref()
  return {
    async release() {
      released = true
      clearInterval(timer)
      await ctx.redis.eval(RELEASE, 1, key, token).catch(() => undefined)
    },
  }
}
