import WebSocket from 'ws'
import type { AppContext } from '../../server/context.js'
import { assertPublicUrl, guardedLookup, UrlRefusedError } from '../../server/lib/ssrf.js'
import { SOURCE_MAX_BYTES, SOURCE_TIMEOUT_MS } from './source-io.js'

/**
 * Opens a WebSocket to a stream an admin configured, through the same SSRF guard as io.fetch:
 * ws(s) only, the host must resolve to public addresses when checked and when connecting
 * (so DNS rebinding is refused too), a handshake within the source timeout, frames within
 * the source size limit. Test servers on 127.0.0.1 pass through SSRF_ALLOWLIST. `headers`
 * carry a source's credentials (never the URL, which is logged).
 */
export async function openStreamSocket(
  ctx: AppContext,
  url: string,
  headers: Record<string, string> = {},
): Promise<WebSocket> {
  const parsed = new URL(url)
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new UrlRefusedError(`Only ws(s) URLs are allowed for a stream, not ${parsed.protocol}`)
  }
  // The same guard as io.fetch: checked now, and again on the address it connects to.
  const guard = { allowlist: ctx.config.ssrfAllowlist, lookup: ctx.lookupHost }
  await assertPublicUrl(url.replace(/^ws/, 'http'), guard)
  return new WebSocket(url, {
    lookup: guardedLookup(guard),
    handshakeTimeout: SOURCE_TIMEOUT_MS,
    maxPayload: SOURCE_MAX_BYTES,
    headers: { 'user-agent': 'Firebreak/1.0 (social listening)', ...headers },
    // A firehose's frames are small and many; permessage-deflate costs CPU on both ends.
    perMessageDeflate: false,
  })
}
