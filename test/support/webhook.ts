import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Express } from 'express'
import request from 'supertest'
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

/** A mention as a producer writes it in a `mention.created` delivery (the README's contract). */
export interface WebhookMention {
  id: string
  source: string
  created_at: string
  author: { id: string; handle: string; display_name?: string; followers?: number }
  text: string
  in_reply_to?: string | null
}

/**
 * Delivers one `mention.created` to a webhook source, signed with `secret`, as a producer
 * would: to an app in process or to a running server's URL. Answers the ingest's response.
 */
export function deliverMention(
  target: Express | string,
  sourceId: string,
  secret: string,
  mention: WebhookMention,
): request.Test {
  const body = JSON.stringify({ type: 'mention.created', data: mention })
  return request(target)
    .post(`/api/ingest/webhook/${sourceId}`)
    .set(signedHeaders(body, `msg_${crypto.randomBytes(6).toString('hex')}`, secret))
    .send(body)
}
