import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

/** The recorded wire formats of each network (../shared/fixtures/sources, read its README). */
export const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures/sources')

interface Route {
  source: string
  kind: 'http' | 'websocket' | 'sse' | 'inbound'
  method: string
  base_url: string
  path: string
  query: Record<string, string | string[]>
  status: number | null
  body: string | null
  headers?: string
}

export interface FixtureReply {
  status: number
  headers: Record<string, string>
  body: string | Buffer
}

/** A fixture file with its `.headers.txt` sidecar (status line, then `name: value` lines). */
export function loadFixture(body: string | null, headersFile?: string, status = 200): FixtureReply {
  const headers: Record<string, string> = {}
  if (headersFile) {
    const [statusLine, ...lines] = fs
      .readFileSync(path.join(FIXTURES, headersFile), 'utf8')
      .split(/\r?\n/)
    status = Number(statusLine!.split(' ')[1]) || status
    for (const line of lines) {
      const at = line.indexOf(':')
      const name = line.slice(0, at).trim().toLowerCase()
      // The fake writes whole bodies itself: recorded framing headers would lie about them.
      if (at > 0 && name !== 'transfer-encoding' && name !== 'content-encoding')
        headers[name] = line.slice(at + 1).trim()
    }
  }
  return { status, headers, body: body ? fs.readFileSync(path.join(FIXTURES, body)) : '' }
}

/** The routes of one network in routes.json (`http` ones unless a kind is given). */
export function fixtureRoutes(source: string, kind: Route['kind'] = 'http'): Route[] {
  const { routes } = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'routes.json'), 'utf8')) as {
    routes: Route[]
  }
  return routes.filter((r) => r.source === source && r.kind === kind)
}

/**
 * The request-side switches routes.json uses: `_if_none_match` (the request sends that ETag)
 * and `_auth: none` (the request sends no Authorization). `_scenario` is the server's own.
 */
function switchesHold(query: Route['query'], seen: SeenRequest): boolean {
  const etag = query._if_none_match
  if (etag !== undefined && seen.headers['if-none-match'] !== etag) return false
  if (query._auth === 'none' && seen.headers.authorization) return false
  return true
}

/** A fault the next matching request gets instead of its fixture. */
export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'malformed' } // the fixture's status and headers, a truncated body
  | { kind: 'slow'; ms: number } // the fixture, after a delay
  | { kind: 'reset' } // the connection is destroyed without an answer

export interface SeenRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: http.IncomingHttpHeaders
  body: string
}

/**
 * A local stand-in for a network's HTTP API that answers from the recorded fixtures of
 * routes.json: a request gets the route of its method and path whose query keys all match
 * (scenario switches `_x` apart), the most specific first. `scenario` picks the routes of a
 * `_scenario` switch; `faults` are served first, one per request; `extra` routes (a test's
 * own answers) are tried before the fixtures. Every request is kept in `requests`.
 */
export class FixtureServer {
  readonly requests: SeenRequest[] = []
  faults: Fault[] = []
  scenario: string | null = null
  extra: Array<(req: SeenRequest) => FixtureReply | undefined> = []
  /** Every answer waits this long: a replay slow enough for a test to kill its reader mid-way. */
  delayMs = 0
  private server: http.Server | null = null
  private routes: Route[]

  constructor(readonly source: string) {
    this.routes = fixtureRoutes(source)
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => void this.answer(req, res, Buffer.concat(chunks).toString('utf8')))
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    return this
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    )
  }

  /** The fixture a request would get (no faults), or undefined. */
  match(seen: SeenRequest): FixtureReply | undefined {
    for (const own of this.extra) {
      const reply = own(seen)
      if (reply) return reply
    }
    const candidates = this.routes
      .filter((r) => r.method === seen.method && r.path === seen.path)
      .filter((r) => (r.query._scenario ?? null) === this.scenario)
      .filter((r) => switchesHold(r.query, seen))
      .filter((r) =>
        Object.entries(r.query).every(([k, v]) => {
          if (k.startsWith('_')) return true
          const got = seen.query.getAll(k)
          return Array.isArray(v) ? true : got.length === 1 && got[0] === v
        }),
      )
      .sort((a, b) => Object.keys(b.query).length - Object.keys(a.query).length)
    const route = candidates[0]
    return route ? loadFixture(route.body, route.headers, route.status ?? 200) : undefined
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    const url = new URL(req.url ?? '/', 'http://fixture')
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    }
    this.requests.push(seen)
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs))
    const fault = this.faults.shift()
    if (fault?.kind === 'reset') return req.socket.destroy()
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, fault.headers ?? { 'content-type': 'application/json' })
      return res.end(fault.body ?? JSON.stringify({ error: `status ${fault.status}` }))
    }
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms))
    const reply = this.match(seen)
    if (!reply) {
      res.writeHead(404, { 'content-type': 'application/json' })
      return res.end(JSON.stringify({ error: `no fixture for ${seen.method} ${req.url}` }))
    }
    const out =
      fault?.kind === 'malformed' ? reply.body.slice(0, reply.body.length / 2) : reply.body
    res.writeHead(reply.status, reply.headers)
    res.end(out)
  }
}
