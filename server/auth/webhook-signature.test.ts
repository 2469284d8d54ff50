import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js'

const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures/sources/webhook')
const read = (file: string) => fs.readFileSync(path.join(FIXTURES, file))

interface Delivery {
  name: string
  body: string
  request_headers: string
  webhook_timestamp: number
  verify_at_unix: number
  expected: string
}
const manifest = JSON.parse(read('deliveries/manifest.assembled.json').toString()) as {
  secret: string
  retired_secret: string
  deliveries: Delivery[]
}

function headersOf(file: string) {
  const lines = read(file).toString().split(/\r?\n/).slice(1)
  const get = (name: string) =>
    lines
      .find((l) => l.toLowerCase().startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim()
  return {
    id: get('webhook-id'),
    timestamp: get('webhook-timestamp'),
    signature: get('webhook-signature'),
  }
}

describe('Standard Webhooks signature', () => {
  it('matches the reference test vector', () => {
    const vector = JSON.parse(read('standard_webhooks_test_vector.real.json').toString())
    expect(signWebhook(vector.payload, vector.msg_id, vector.timestamp, vector.secret)).toBe(
      vector.expected_signature,
    )
    const verdict = verifyWebhookSignature(
      Buffer.from(vector.payload),
      {
        id: vector.msg_id,
        timestamp: String(vector.timestamp),
        signature: vector.expected_signature,
      },
      [vector.secret],
      vector.timestamp,
    )
    expect(verdict).toEqual({ ok: true, id: vector.msg_id })
  })

  const outcome = (d: Delivery, secrets: string[]) =>
    verifyWebhookSignature(read(d.body), headersOf(d.request_headers), secrets, d.verify_at_unix)

  it.each(manifest.deliveries.map((d) => [d.name, d] as const))(
    '%s verifies as the manifest expects',
    (_name, d) => {
      const current = outcome(d, [manifest.secret])
      const duringRotation = outcome(d, [manifest.secret, manifest.retired_secret])
      if (d.expected.startsWith('valid')) {
        expect(current.ok).toBe(true) // a duplicate id is still validly signed; replay is refused at ingest
      } else if (d.name === '07_signed_with_unknown_secret') {
        expect(current.ok).toBe(false)
        expect(duringRotation.ok).toBe(true)
      } else if (d.expected.includes('timestamp')) {
        expect(current).toEqual({ ok: false, reason: expect.stringContaining('old') })
      } else {
        expect(current).toEqual({ ok: false, reason: expect.stringContaining('does not match') })
      }
    },
  )

  it('names the missing headers and refuses malformed timestamps', () => {
    expect(
      verifyWebhookSignature(
        Buffer.from('{}'),
        { id: undefined, timestamp: '1', signature: undefined },
        ['whsec_AAAA'],
      ),
    ).toEqual({
      ok: false,
      reason: 'Missing header: webhook-id, webhook-signature',
    })
    expect(
      verifyWebhookSignature(
        Buffer.from('{}'),
        { id: 'a', timestamp: '12abc', signature: 'v1,x' },
        ['whsec_AAAA'],
      ).ok,
    ).toBe(false)
  })

  it('verifies the raw bytes, not a re-decoded string', () => {
    const body = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) // invalid UTF-8
    const secret = `whsec_${Buffer.alloc(24, 1).toString('base64')}`
    const signature = signWebhook(body, 'msg_1', 1000, secret)
    const altered = Buffer.from(body.toString('utf8'))
    expect(
      verifyWebhookSignature(body, { id: 'msg_1', timestamp: '1000', signature }, [secret], 1000)
        .ok,
    ).toBe(true)
    expect(
      verifyWebhookSignature(altered, { id: 'msg_1', timestamp: '1000', signature }, [secret], 1000)
        .ok,
    ).toBe(false)
  })
})
