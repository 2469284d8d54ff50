import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertPublicUrl, refusedAddressReason, safeFetch } from './ssrf.js'

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
})
