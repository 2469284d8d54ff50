import crypto from 'node:crypto'

/** Standard Webhooks' tolerance between a delivery's timestamp and our clock. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60

export interface WebhookHeaders {
  id: string | undefined
  timestamp: string | undefined
  signature: string | undefined
}

export type Verification = { ok: true; id: string } | { ok: false; reason: string }

/**
 * Verifies a Standard Webhooks v1 signature over the raw body bytes. Written on node:crypto
 * rather than the `standardwebhooks` package because that one decodes the body to a string
 * before signing (lossy for invalid UTF-8) and cannot take an injected clock.
 * `secrets` holds the current and any still-accepted retired secrets (`whsec_<base64>`).
 */
export function verifyWebhookSignature(
  body: Buffer,
  headers: WebhookHeaders,
  secrets: string[],
  nowSeconds = Math.floor(Date.now() / 1000),
): Verification {
  const { id, timestamp, signature } = headers
  const missing = [
    !id && 'webhook-id',
    !timestamp && 'webhook-timestamp',
    !signature && 'webhook-signature',
  ].filter(Boolean)
  if (missing.length) return { ok: false, reason: `Missing header: ${missing.join(', ')}` }
  if (!/^\d{1,12}$/.test(timestamp!))
    return { ok: false, reason: 'webhook-timestamp is not unix seconds' }
  const skew = nowSeconds - Number(timestamp)
  if (Math.abs(skew) > WEBHOOK_TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: `webhook-timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}; the tolerance is ${WEBHOOK_TOLERANCE_SECONDS} s`,
    }
  }
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body])
  const offered = signature!
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => Buffer.from(part.slice(3), 'base64'))
  if (!offered.length) return { ok: false, reason: 'webhook-signature has no v1 signature' }
  for (const secret of secrets) {
    const expected = crypto.createHmac('sha256', secretKey(secret)).update(signed).digest()
    if (
      offered.some((sig) => sig.length === expected.length && crypto.timingSafeEqual(sig, expected))
    ) {
      return { ok: true, id: id! }
    }
  }
  return { ok: false, reason: 'Signature does not match the body with any current secret' }
}

/** Signs a body the way a Standard Webhooks producer does (for tests, tools and docs). */
export function signWebhook(
  body: Buffer | string,
  id: string,
  timestamp: number,
  secret: string,
): string {
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(body)])
  return `v1,${crypto.createHmac('sha256', secretKey(secret)).update(signed).digest('base64')}`
}

const secretKey = (secret: string) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64')

/** A new signing secret in the Standard Webhooks format. */
export const generateWebhookSecret = () => `whsec_${crypto.randomBytes(24).toString('base64')}`
