import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet from 'helmet'

/**
 * A strict Content-Security-Policy: scripts, styles and connections from our own origin only,
 * no inline script, no plugins, no framing. Post text that slipped through as markup could
 * not run anyway.
 */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: 'no-referrer' },
})

/**
 * The same headers on answers that never pass through express: socket.io's own HTTP answers
 * (its polling transport and handshake), which engine.io lets us add headers to.
 */
export function addSecurityHeaders(headers: Record<string, string>, req: IncomingMessage): void {
  const res = {
    setHeader: (name: string, value: string) => (headers[name] = value),
    removeHeader: (name: string) => delete headers[name],
  } as unknown as ServerResponse
  securityHeaders(req, res, () => {})
}
