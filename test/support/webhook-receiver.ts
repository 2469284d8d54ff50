import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the receiver got: headers as sent, the body's raw bytes. */
export interface Received {
  path: string
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/**
 * A local HTTP server standing in for a brand's webhook endpoint (Slack, an incident tool): it
 * records every request and answers with the statuses scripted for it, then 200. Tests reach it
 * on 127.0.0.1, which only a test context's SSRF allowlist lets through.
 */
export class WebhookReceiver {
  readonly received: Received[] = []
  private script: Array<{ status: number; headers?: Record<string, string> }> = []
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      this.received.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
      })
      const answer = this.script.shift() ?? { status: 200 }
      res.writeHead(answer.status, answer.headers).end()
    })
  })

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
  }

  /** `http://127.0.0.1:<port><path>`. */
  url(path = '/hook'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`
  }

  /** The next answers, in order (e.g. a 500 before the default 200). */
  answer(...answers: Array<{ status: number; headers?: Record<string, string> }>): void {
    this.script.push(...answers)
  }

  /** What arrived on one path. */
  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path)
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
