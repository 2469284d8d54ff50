import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  assertPublicUrl,
  HostLookupError,
  refusedAddressReason,
  safeFetch,
  UrlRefusedError,
  type HostLookup,
} from './ssrf.js'

/** A resolver answering from a script, one answer per call (the last one repeats). */
function scriptedLookup(...answers: Array<string | { code: string }>) {
  const calls: string[] = []
  const lookup: HostLookup = async (host) => {
    calls.push(host)
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!
    if (typeof answer !== 'string')
      throw Object.assign(new Error(`getaddrinfo ${answer.code} ${host}`), answer)
    return [{ address: answer, family: answer.includes(':') ? 6 : 4 }]
  }
  return Object.assign(lookup, { calls })
}

describe('refusedAddressReason', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /linkLocal/],
    ['100.64.0.1', /carrierGradeNat/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /linkLocal/],
    ['fd00:ec2::254', /uniqueLocal/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:169.254.169.254', /linkLocal/],
    ['64:ff9b::7f00:1', /embeds an IPv4/],
    ['2002:7f00:1::', /embeds an IPv4/],
    ['::127.0.0.1', /embeds an IPv4|loopback/],
    ['::7f00:1', /embeds an IPv4 address \(IPv4-compatible\)/],
    ['::a9fe:a9fe', /embeds an IPv4/],
  ])('refuses %s', (address, reason) => {
    expect(refusedAddressReason(address)).toMatch(reason)
  })

  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'])(
    'allows public %s',
    (address) => {
      expect(refusedAddressReason(address)).toBeNull()
    },
  )
})

describe('assertPublicUrl', () => {
  it.each([
    ['javascript:alert(1)', /Only http\(s\)/],
    ['file:///etc/passwd', /Only http\(s\)/],
    ['http://user:pass@example.com/', /credentials/],
    ['http://127.0.0.1/', /loopback/],
    ['http://localhost:8080/feed', /loopback/],
    ['http://[::ffff:7f00:1]/', /loopback/],
    ['http://[::127.0.0.1]/', /IPv4-compatible/],
    ['http://0x7f000001/', /loopback/],
    ['http://2130706433/', /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /linkLocal/],
    ['http://[fd00:ec2::254]/', /uniqueLocal/],
  ])('refuses %s', async (url, reason) => {
    await expect(assertPublicUrl(url)).rejects.toThrow(reason)
  })

  it('says whether DNS had no such host or did not answer, as a HostLookupError', async () => {
    const gone = assertPublicUrl('https://gone.example.test/hook', {
      lookup: scriptedLookup({ code: 'ENOTFOUND' }),
    })
    await expect(gone).rejects.toThrow(
      new HostLookupError('gone.example.test', { code: 'ENOTFOUND' }),
    )
    await expect(gone).rejects.toMatchObject({
      code: 'invalid_request',
      dnsCode: 'ENOTFOUND',
      noSuchHost: true,
      message: 'Cannot resolve gone.example.test: no such host (ENOTFOUND)',
    })
    for (const code of ['EAI_AGAIN', 'ETIMEOUT', 'ESERVFAIL', 'ECONNREFUSED']) {
      const flaky = assertPublicUrl('https://flaky.example.test/hook', {
        lookup: scriptedLookup({ code }),
      })
      await expect(flaky).rejects.toBeInstanceOf(HostLookupError)
      await expect(flaky).rejects.toMatchObject({
        noSuchHost: false,
        message: `Cannot resolve flaky.example.test for now: DNS did not answer (${code})`,
      })
    }
  })

  it('refuses a name resolving to a private address with a UrlRefusedError', async () => {
    const lookup = scriptedLookup('93.184.216.34', '10.0.0.7')
    await expect(
      assertPublicUrl('https://hooks.example.test/', { lookup }),
    ).resolves.toBeInstanceOf(URL)
    const refused = assertPublicUrl('https://hooks.example.test/', { lookup })
    await expect(refused).rejects.toBeInstanceOf(UrlRefusedError)
    await expect(refused).rejects.toThrow(
      'Refused hooks.example.test: 10.0.0.7 is a private address',
    )
    expect(lookup.calls).toEqual(['hooks.example.test', 'hooks.example.test'])
  })

  it('lets an allowlisted local server through (tests only)', async () => {
    await expect(
      assertPublicUrl('http://127.0.0.1:9/x', { allowlist: ['127.0.0.1:9'] }),
    ).resolves.toBeInstanceOf(URL)
  })
})

describe('safeFetch', () => {
  let allowed: http.Server
  let internal: http.Server
  const port = (s: http.Server) => (s.address() as AddressInfo).port
  beforeAll(async () => {
    internal = http.createServer((_req, res) => res.end('secret internal data'))
    allowed = http.createServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `http://127.0.0.1:${port(internal)}/` }).end()
      } else res.end('feed')
    })
    await Promise.all(
      [allowed, internal].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))),
    )
  })
  afterAll(() => {
    allowed.close()
    internal.close()
  })

  it('fetches an allowlisted server and refuses a redirect hop to a private address', async () => {
    const allowlist = [`127.0.0.1:${port(allowed)}`]
    const ok = await safeFetch(`http://127.0.0.1:${port(allowed)}/feed`, { allowlist })
    expect(await ok.text()).toBe('feed')
    await expect(
      safeFetch(`http://127.0.0.1:${port(allowed)}/redirect`, { allowlist }),
    ).rejects.toThrow(/loopback/)
  })

  it('refuses, with the same UrlRefusedError, a name whose answer turned private by the time it connects', async () => {
    // Public when checked, loopback (the internal server) when the connection looks it up.
    const lookup = scriptedLookup('93.184.216.34', '127.0.0.1')
    const rebound = safeFetch(`http://rebind.example.test:${port(internal)}/`, { lookup })
    await expect(rebound).rejects.toBeInstanceOf(UrlRefusedError)
    await expect(rebound).rejects.toThrow(
      'Refused rebind.example.test: 127.0.0.1 is a loopback address',
    )
    expect(lookup.calls).toHaveLength(2)
  })

  it('fails with a HostLookupError when the connection’s lookup fails, and fetch’s own error otherwise', async () => {
    // Allowlisted by name: the check skips DNS, the connection still asks it.
    const failing = safeFetch(`http://flaky.example.test:${port(allowed)}/feed`, {
      allowlist: ['flaky.example.test'],
      lookup: scriptedLookup({ code: 'EAI_AGAIN' }),
    })
    await expect(failing).rejects.toBeInstanceOf(HostLookupError)
    await expect(failing).rejects.toMatchObject({ dnsCode: 'EAI_AGAIN', noSuchHost: false })
    const answered = await safeFetch(`http://flaky.example.test:${port(allowed)}/feed`, {
      allowlist: ['flaky.example.test'],
      lookup: scriptedLookup('127.0.0.1'),
    })
    expect(await answered.text()).toBe('feed')
    // Nothing listens on a closed port: a network error, neither a refusal nor DNS.
    const closed = http.createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const closedPort = port(closed)
    await new Promise<void>((r) => closed.close(() => r()))
    const refused = await safeFetch(`http://127.0.0.1:${closedPort}/`, {
      allowlist: ['127.0.0.1'],
    }).catch((err: unknown) => err)
    expect(refused).not.toBeInstanceOf(UrlRefusedError)
    expect(refused).not.toBeInstanceOf(HostLookupError)
    expect((refused as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED')
  })
})
