import fs from 'node:fs'
import path from 'node:path'
import { signWebhook } from '../../server/auth/webhook-signature.js'

export const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures/sources')
export const WEBHOOK_MANIFEST = JSON.parse(
  fs.readFileSync(path.join(FIXTURES, 'webhook/deliveries/manifest.assembled.json'), 'utf8'),
) as {
  secret: string
  retired_secret: string
  deliveries: Array<{ name: string; body: string; webhook_id: string }>
}

/** The exact bytes of a fixture delivery body. */
export const deliveryBody = (name: string) => {
  const d = WEBHOOK_MANIFEST.deliveries.find((x) => x.name === name)!
  return fs.readFileSync(path.join(FIXTURES, 'webhook', d.body))
}

/** Headers a producer sends for this body, signed now (or at `timestamp`). */
export function signedHeaders(
  body: Buffer | string,
  id: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
) {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(body, id, timestamp, secret),
  }
}
