import type { LookupFunction } from 'node:net'
import WebSocket from 'ws'
import type { AppContext } from '../../server/context.js'
import {
  assertPublicUrl,
  refusedAddressReason,
  systemLookup,
  UrlRefusedError,
} from '../../server/lib/ssrf.js'
import { SOURCE_MAX_BYTES, SOURCE_TIMEOUT_MS } from './source-io.js'

/**
 * Opens a WebSocket to a stream an admin configured, through the same SSRF guard as io.fetch:
 * ws(s) only, the host must resolve to public addresses when checked and when connecting
 * (so DNS rebinding is refused too), a handshake within the source timeout, frames within
 * the source size limit. Test servers on 127.0.0.1 pass through SSRF_ALLOWLIST.
 */
export async function openStreamSocket(ctx: AppContext, url: string): Promise<WebSocket> {
  const parsed = new URL(url)
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new UrlRefusedError(`Only ws(s) URLs are allowed for a stream, not ${parsed.protocol}`)
  }
  const allowlist = ctx.config.ssrfAllowlist
  const asHttp = url.replace(/^ws/, 'http')
  await assertPublicUrl(asHttp, { allowlist })
  const port = parsed.port || (parsed.protocol === 'wss:' ? '443' : '80')
  const allowed =
    allowlist.includes(parsed.hostname) || allowlist.includes(`${parsed.hostname}:${port}`)
  const lookup: LookupFunction = (hostname, options, callback) => {
    systemLookup(hostname).then(
      (addresses) => {
        const bad = allowed
          ? null
          : addresses.map((a) => refusedAddressReason(a.address)).find(Boolean)
        if (bad) return callback(new UrlRefusedError(`Refused ${hostname}: ${bad}`), '', 4)
        if (options.all) return callback(null, addresses as never)
        callback(null, addresses[0]!.address, addresses[0]!.family)
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    )
  }
  return new WebSocket(url, {
    lookup,
    handshakeTimeout: SOURCE_TIMEOUT_MS,
    maxPayload: SOURCE_MAX_BYTES,
    headers: { 'user-agent': 'Firebreak/1.0 (social listening)' },
    // A firehose's frames are small and many; permessage-deflate costs CPU on both ends.
    perMessageDeflate: false,
  })
}
