import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { startApiServer } from '../support/server.js'

let t: TestContext
let api: Awaited<ReturnType<typeof startApiServer>>

beforeAll(async () => {
  t = await createTestContext()
  api = await startApiServer(t)
})
afterAll(async () => {
  await api?.close()
  await t?.close()
})

const SECURITY_HEADERS = [
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
] as const
const POLLING = '/socket.io/?EIO=4&transport=polling'

/** The security headers an answer carries. */
const securityHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(SECURITY_HEADERS.map((name) => [name, headers[name]]))

/** What express's answers carry, on the same server: socket.io's must carry the same. */
async function expressHeaders() {
  const headers = securityHeaders((await request(api.url).get('/api/auth/me')).headers)
  expect(headers).toMatchObject({
    'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
    'x-content-type-options': 'nosniff',
    'x-frame-options': expect.any(String),
    'referrer-policy': 'no-referrer',
  })
  return headers
}

describe('socket.io’s own HTTP answers', () => {
  it('carry the security headers: the polling handshake and the polls after it', async () => {
    const expected = await expressHeaders()
    const handshake = await request(api.url).get(POLLING).set('origin', api.url)
    expect(handshake.status).toBe(200)
    expect(securityHeaders(handshake.headers)).toEqual(expected)

    // engine.io's open packet: `0` and the session's JSON.
    const { sid } = JSON.parse(handshake.text.slice(1)) as { sid: string }
    const sent = await request(api.url)
      .post(`${POLLING}&sid=${sid}`)
      .set('origin', api.url)
      .set('content-type', 'text/plain;charset=UTF-8')
      .send('40')
    expect(sent.status).toBe(200)
    expect(securityHeaders(sent.headers)).toEqual(expected)
    // Without a session the namespace refuses the console; the refusal arrives by a poll.
    const poll = await request(api.url).get(`${POLLING}&sid=${sid}`).set('origin', api.url)
    expect(poll.status).toBe(200)
    expect(poll.text).toMatch(/^44.*unauthorized/)
    expect(securityHeaders(poll.headers)).toEqual(expected)
  })

  // Fails today: engine.io writes these refusals itself (abortRequest), past the `headers`
  // and `initial_headers` hooks that server/realtime/socket-server.ts relies on.
  it('carry the security headers on refusals too: a foreign or missing Origin, an unknown session', async () => {
    const expected = await expressHeaders()
    const foreign = await request(api.url).get(POLLING).set('origin', 'https://evil.example')
    const missing = await request(api.url).get(POLLING)
    const unknown = await request(api.url).get(`${POLLING}&sid=nope`).set('origin', api.url)
    expect([foreign.status, missing.status, unknown.status]).toEqual([403, 403, 400])
    for (const refusal of [foreign, missing, unknown]) {
      expect(securityHeaders(refusal.headers)).toEqual(expected)
    }
  })
})
