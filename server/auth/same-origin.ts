import type { IncomingHttpHeaders } from 'node:http'
import type { Config } from '../config.js'

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Whether a browser request comes from the console's own origin. The Origin must name the
 * host the request was sent to, and that host must be ours: PUBLIC_URL's host, or any local
 * name when PUBLIC_URL is not set. Checking the host too defeats DNS rebinding, where a
 * foreign page reaches a local server under its own name.
 */
export function isSameOrigin(headers: IncomingHttpHeaders, config: Config): boolean {
  const origin = headers.origin
  const host = headers.host
  if (!origin || !host) return false
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  if (url.host !== host.toLowerCase()) return false
  if (config.hasPublicUrl) return url.origin === new URL(config.publicUrl).origin
  return LOCAL_HOSTS.has(url.hostname) && (url.protocol === 'http:' || url.protocol === 'https:')
}
