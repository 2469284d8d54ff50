import type { LookupFunction } from 'node:net'
import dns from 'node:dns/promises'
import net from 'node:net'
import ipaddr from 'ipaddr.js'
import { Agent, fetch, type Response } from 'undici'
import { AppError } from './app-error.js'

/**
 * Address ranges a user-configured URL may never reach: loopback, private, link-local (cloud
 * metadata at 169.254.169.254 and fd00:ec2::254 included), carrier-grade NAT, multicast,
 * reserved, and IPv4 hidden inside IPv6 (mapped, NAT64, 6to4, Teredo) classified as the IPv4.
 */
const PUBLIC_RANGES = new Set(['unicast'])

/** Every address a host name resolves to, as `dns.lookup(host, { all: true })` answers. */
export type HostLookup = (host: string) => Promise<Array<{ address: string; family: number }>>

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), in the order it answers. */
export const systemLookup: HostLookup = (host) => dns.lookup(host, { all: true, verbatim: true })

export interface SsrfOptions {
  /** `host` or `host:port` entries let through anyway: tests' local fake servers. Empty in production. */
  allowlist?: string[]
  /** How host names are resolved: the system resolver, unless a test scripts DNS failures. */
  lookup?: HostLookup
}

/**
 * The guard refused a URL or an address for good (not http(s), credentials in it, a private
 * address found when it was checked or when connecting): asking again gets the same answer.
 */
export class UrlRefusedError extends AppError {
  constructor(message: string) {
    super('invalid_request', message)
    this.name = 'UrlRefusedError'
  }
}

/** Resolver codes saying the name has no address (NXDOMAIN, or no A/AAAA record). */
const NO_SUCH_HOST_CODES = new Set(['ENOTFOUND', 'ENODATA'])

/**
 * DNS did not resolve a host. `noSuchHost` when it answered that the name has no address
 * (NXDOMAIN); otherwise it did not answer at all (EAI_AGAIN, a timeout, SERVFAIL, the resolver
 * unreachable), which usually passes. Either may pass: a new name takes a while to be seen
 * everywhere, and a resolver's failure can be cached as "no such name" for minutes.
 */
export class HostLookupError extends AppError {
  /** The resolver's code: ENOTFOUND, EAI_AGAIN, ETIMEOUT, ESERVFAIL, ... */
  readonly dnsCode: string
  readonly noSuchHost: boolean

  constructor(host: string, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code
    const dnsCode = typeof code === 'string' ? code : 'unknown error'
    const noSuchHost = NO_SUCH_HOST_CODES.has(dnsCode)
    super(
      'invalid_request',
      noSuchHost
        ? `Cannot resolve ${host}: no such host (${dnsCode})`
        : `Cannot resolve ${host} for now: DNS did not answer (${dnsCode})`,
    )
    this.name = 'HostLookupError'
    this.dnsCode = dnsCode
    this.noSuchHost = noSuchHost
  }
}

function isAllowlisted(url: URL, allowlist: string[]): boolean {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return allowlist.includes(url.hostname) || allowlist.includes(`${url.hostname}:${port}`)
}

/** `::/96` but for `::` and `::1`, which have ranges of their own. */
function isIpv4Compatible(v6: ipaddr.IPv6): boolean {
  const parts = v6.parts
  return parts.slice(0, 6).every((p) => p === 0) && (parts[6] !== 0 || parts[7]! > 1)
}

/** Why an address is refused, or null when it is public. */
export function refusedAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`
  let ip = ipaddr.parse(address)
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6
    if (v6.isIPv4MappedAddress()) ip = v6.toIPv4Address()
    else if (isIpv4Compatible(v6)) {
      // `::a.b.c.d` (deprecated, and written `::7f00:1` once a URL parser has seen it): the
      // IPv4 address in its last 32 bits is what some stacks reach.
      return `${address} embeds an IPv4 address (IPv4-compatible)`
    } else if (['rfc6052', 'rfc6145', '6to4', 'teredo'].includes(v6.range())) {
      return `${address} embeds an IPv4 address (${v6.range()})`
    }
  }
  const range = ip.range()
  return PUBLIC_RANGES.has(range) ? null : `${address} is a ${range} address`
}

/**
 * Checks a URL a user configured (a feed, a webhook target): http(s) only, no credentials in
 * it, and every address its host resolves to must be public. Throws a 400 saying why not: a
 * UrlRefusedError, or a HostLookupError when its host does not resolve.
 */
export async function assertPublicUrl(raw: string, options: SsrfOptions = {}): Promise<URL> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UrlRefusedError(`Not a URL: ${raw}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UrlRefusedError(`Only http(s) URLs are allowed, not ${url.protocol}`)
  }
  if (url.username || url.password) throw new UrlRefusedError('URLs may not carry credentials')
  if (isAllowlisted(url, options.allowlist ?? [])) return url
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const addresses = net.isIP(host)
    ? [host]
    : (await lookupAll(host, options.lookup ?? systemLookup)).map((a) => a.address)
  for (const address of addresses) {
    const reason = refusedAddressReason(address)
    if (reason) throw new UrlRefusedError(`Refused ${url.host}: ${reason}`)
  }
  return url
}

async function lookupAll(host: string, lookup: HostLookup) {
  try {
    const addresses = await lookup(host)
    // getaddrinfo never answers an empty list, but a resolver seam might: no address is no host.
    if (!addresses.length) throw Object.assign(new Error('no address'), { code: 'ENODATA' })
    return addresses
  } catch (err) {
    throw new HostLookupError(host, err)
  }
}

/**
 * An undici dispatcher that checks the address it actually connects to, so a DNS answer that
 * changes between the check and the connection (rebinding) is refused too, with the same
 * UrlRefusedError; a failed lookup is a HostLookupError, as in the check.
 */
function guardedAgent(options: SsrfOptions): Agent {
  return new Agent({ connect: { lookup: guardedLookup(options) } })
}

/**
 * A `dns.lookup`-shaped resolver that refuses private addresses when connecting (hosts on the
 * allowlist excepted): for undici's dispatcher here and for WebSocket clients (streams).
 */
export function guardedLookup(options: SsrfOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    lookupAll(hostname, options.lookup ?? systemLookup).then(
      (addresses) => {
        const allowed = (options.allowlist ?? []).includes(hostname)
        const bad = allowed
          ? null
          : addresses.map((a) => refusedAddressReason(a.address)).find(Boolean)
        if (bad) return callback(new UrlRefusedError(`Refused ${hostname}: ${bad}`), '', 4)
        if (lookupOptions.all) return callback(null, addresses as never)
        callback(null, addresses[0]!.address, addresses[0]!.family)
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    )
  }
}

/** fetch wraps what the connection's lookup failed with: the guard's own errors are unwrapped. */
function guardError(err: unknown): unknown {
  const cause = (err as { cause?: unknown } | null)?.cause
  return cause instanceof UrlRefusedError || cause instanceof HostLookupError ? cause : err
}

/**
 * Fetch a user-configured URL safely: each redirect hop of a GET is checked again (at most
 * `maxRedirects`), and every connection goes through the guarded dispatcher. Other methods
 * (a reply posted to a network) never follow a redirect: the answer is returned as it came.
 * A refused URL or address throws UrlRefusedError (when checked or when connecting), a host
 * that does not resolve HostLookupError; other failures are fetch's (network errors).
 */
export async function safeFetch(
  raw: string,
  options: SsrfOptions & {
    maxRedirects?: number
    method?: 'GET' | 'POST'
    body?: string
    headers?: Record<string, string>
    signal?: AbortSignal
  } = {},
): Promise<Response> {
  const dispatcher = guardedAgent(options)
  let url = await assertPublicUrl(raw, options)
  const method = options.method ?? 'GET'
  for (let hop = 0; ; hop++) {
    const res = await fetch(url, {
      method,
      body: options.body,
      redirect: 'manual',
      dispatcher,
      headers: options.headers,
      signal: options.signal,
    }).catch((err: unknown) => {
      throw guardError(err)
    })
    const location = res.headers.get('location')
    if (method !== 'GET' || res.status < 300 || res.status >= 400 || !location) return res
    if (hop >= (options.maxRedirects ?? 3)) throw new UrlRefusedError('Too many redirects')
    await res.body?.cancel()
    url = await assertPublicUrl(new URL(location, url).toString(), options)
  }
}
