import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures/sources')

/** What a fake does with the next post it is sent, instead of accepting it. */
export type Scripted =
  | { status: 429; retryAfterSeconds: number }
  | { status: 500 }
  | { status: 400; body: unknown }
  /** Accept the post (it is published), then drop the connection without answering. */
  | { drop: true }

/** A post a fake network published, and every attempt it was sent (with when). */
export interface FakePost {
  id: string
  url: string
  text: string
  inReplyTo: string
  body: Record<string, unknown>
  headers: http.IncomingHttpHeaders
  /** When the network published it (ms since the epoch). */
  at: number
}

/**
 * A loopback stand-in for a network, in its documented formats. It records every post it
 * publishes and every attempt it is sent; it can be told to answer the next posts with 429
 * (Retry-After), 500 or 400, to accept one and drop the connection, or to hold its answer
 * until the test releases it (the test kills the worker in between).
 */
export abstract class FakeNetwork {
  readonly posts: FakePost[] = []
  readonly attempts: Array<{ at: number; headers: http.IncomingHttpHeaders }> = []
  /**
   * Posts published whose answer never reached the client: dropped on purpose, or its
   * connection gone (the worker died) before the answer was written out.
   */
  answersLost = 0
  /** Of those, the ones dropped on purpose (`{ drop: true }` or `randomFaults.drop`). */
  answersDropped = 0
  /** Ids of parent posts deleted on the network. */
  readonly deleted = new Set<string>()
  /**
   * Faults at random, for load (the chaos suite): the share of posts answered 500 without
   * publishing, and of posts published whose connection is then dropped without an answer.
   */
  randomFaults = { error500: 0, drop: 0 }
  /** How long a published post waits for its answer: the window a crash falls into. */
  answerDelayMs = 0
  private script: Scripted[] = []
  private hold: { accepted: () => void; released: Promise<void> } | null = null
  private server!: http.Server
  url = ''

  /** Answers the next posts as scripted, in order, then accepts again. */
  next(...steps: Scripted[]): void {
    this.script.push(...steps)
  }

  /**
   * The next post is published and its answer held: `accepted` resolves once the network has
   * it; the answer is never sent (the connection is destroyed) after `release`.
   */
  holdNext(): { accepted: Promise<void>; release: () => void } {
    let accepted!: () => void
    let release!: () => void
    const acceptedP = new Promise<void>((r) => (accepted = r))
    const released = new Promise<void>((r) => (release = r))
    this.hold = { accepted, released }
    return { accepted: acceptedP, release }
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = ''
      req.on('data', (c) => (raw += c))
      req.on('end', () => {
        const form = String(req.headers['content-type']).includes('x-www-form-urlencoded')
        const body: Record<string, unknown> = !raw
          ? {}
          : form
            ? Object.fromEntries(new URLSearchParams(raw))
            : (JSON.parse(raw) as Record<string, unknown>)
        const url = new URL(req.url!, 'http://fake')
        Promise.resolve(this.route(req, url, body, res)).catch((err: unknown) => {
          res.writeHead(500).end(String(err))
        })
      })
    })
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise((r) => this.server.close(r))
  }

  protected abstract route(
    req: http.IncomingMessage,
    url: URL,
    body: Record<string, unknown>,
    res: http.ServerResponse,
  ): unknown

  /**
   * The post endpoint's common part: records the attempt, applies the script, publishes with
   * `publish` (which may find it already published) and answers, held or dropped as told.
   */
  protected async handlePost(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    publish: () => { status: number; body: unknown },
  ): Promise<void> {
    this.attempts.push({ at: Date.now(), headers: req.headers })
    let step = this.script.shift()
    if (!step && Math.random() < this.randomFaults.error500) step = { status: 500 }
    else if (!step && Math.random() < this.randomFaults.drop) step = { drop: true }
    if (step && 'status' in step) {
      if (step.status === 429)
        return json(res, 429, this.rateLimitBody(), {
          'retry-after': String(step.retryAfterSeconds),
        })
      if (step.status === 500) return json(res, 500, { error: 'InternalServerError' })
      return json(res, 400, step.body)
    }
    const answer = publish()
    if (answer.status < 300)
      res.on('close', () => {
        if (!res.writableFinished) this.answersLost++
      })
    if (this.answerDelayMs) await new Promise((r) => setTimeout(r, this.answerDelayMs))
    if (step && 'drop' in step) {
      this.answersDropped++
      return void res.destroy()
    }
    if (this.hold) {
      const hold = this.hold
      this.hold = null
      hold.accepted()
      await hold.released
      return void res.destroy()
    }
    json(res, answer.status, answer.body)
  }

  protected abstract rateLimitBody(): unknown
}

function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

const cid = () => `bafyrei${crypto.randomBytes(20).toString('hex').slice(0, 40)}`

/**
 * A Bluesky PDS: createSession, app.bsky.feed.getPosts (proxied), getRecord, createRecord,
 * com.atproto.identity.resolveHandle (for the handles in `people`).
 */
export class FakeBluesky extends FakeNetwork {
  readonly did = 'did:plc:brandfirebreaktest'
  readonly handle = 'kredo.bsky.example'
  /** Handles the PDS resolves, to their DIDs; any other handle does not resolve. */
  readonly people = new Map<string, string>([['ana.bsky.social', 'did:plc:ana4bsky7social']])
  readonly records = new Map<string, { uri: string; cid: string; value: Record<string, unknown> }>()

  protected rateLimitBody() {
    return { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }
  }

  protected route(
    req: http.IncomingMessage,
    url: URL,
    body: Record<string, unknown>,
    res: http.ServerResponse,
  ) {
    const authed = req.headers.authorization === 'Bearer fake-access-jwt'
    switch (url.pathname) {
      case '/xrpc/com.atproto.server.createSession':
        if (body.password !== 'app-pass-1234')
          return json(res, 401, {
            error: 'AuthenticationRequired',
            message: 'Invalid identifier or password',
          })
        return json(res, 200, {
          accessJwt: 'fake-access-jwt',
          refreshJwt: 'r',
          did: this.did,
          handle: this.handle,
        })
      case '/xrpc/app.bsky.feed.getPosts': {
        if (!authed)
          return json(res, 401, { error: 'AuthMissing', message: 'Authentication Required' })
        const uris = url.searchParams.getAll('uris').filter((u) => !this.deleted.has(u))
        return json(res, 200, {
          posts: uris.map((uri) => ({
            uri,
            cid: cid(),
            record: { $type: 'app.bsky.feed.post', text: 'parent' },
          })),
        })
      }
      case '/xrpc/com.atproto.identity.resolveHandle': {
        const did = this.people.get(url.searchParams.get('handle')?.toLowerCase() ?? '')
        if (!did)
          return json(res, 400, { error: 'InvalidRequest', message: 'Unable to resolve handle' })
        return json(res, 200, { did })
      }
      case '/xrpc/com.atproto.repo.getRecord': {
        const rec = this.records.get(url.searchParams.get('rkey')!)
        if (!rec)
          return json(res, 400, { error: 'RecordNotFound', message: 'Could not locate record' })
        return json(res, 200, rec)
      }
      case '/xrpc/com.atproto.repo.createRecord':
        if (!authed)
          return json(res, 401, { error: 'AuthMissing', message: 'Authentication Required' })
        return this.handlePost(req, res, () => {
          const rkey = body.rkey as string
          if (this.records.has(rkey))
            return {
              status: 400,
              body: { error: 'InvalidRequest', message: 'Record already exists' },
            }
          const uri = `at://${this.did}/app.bsky.feed.post/${rkey}`
          const record = { uri, cid: cid(), value: body.record as Record<string, unknown> }
          this.records.set(rkey, record)
          const reply = (body.record as { reply: { parent: { uri: string } } }).reply
          this.posts.push({
            id: uri,
            url: `https://bsky.app/profile/${this.handle}/post/${rkey}`,
            text: (body.record as { text: string }).text,
            inReplyTo: reply.parent.uri,
            body,
            headers: req.headers,
            at: Date.now(),
          })
          return { status: 200, body: { uri, cid: record.cid, commit: { cid: cid(), rev: '3l' } } }
        })
      default:
        return json(res, 404, { error: 'MethodNotImplemented', message: 'Method Not Implemented' })
    }
  }
}

/** A Mastodon instance: POST /api/v1/statuses with Idempotency-Key, answering the real reply fixture's shape. */
export class FakeMastodon extends FakeNetwork {
  private readonly byKey = new Map<string, Record<string, unknown>>()
  private readonly template = JSON.parse(
    fs.readFileSync(path.join(FIXTURES, 'mastodon/status_reply_created.real.json'), 'utf8'),
  ) as Record<string, unknown>
  private seq = 117020583258292382n

  protected rateLimitBody() {
    return { error: 'Too many requests' }
  }

  protected route(
    req: http.IncomingMessage,
    url: URL,
    body: Record<string, unknown>,
    res: http.ServerResponse,
  ) {
    if (url.pathname !== '/api/v1/statuses' || req.method !== 'POST')
      return json(res, 404, { error: 'Record not found' })
    if (req.headers.authorization !== 'Bearer masto-token')
      return json(res, 401, { error: 'The access token is invalid' })
    return this.handlePost(req, res, () => {
      const key = req.headers['idempotency-key'] as string | undefined
      const known = key && this.byKey.get(key)
      if (known) return { status: 200, body: known }
      const parent = body.in_reply_to_id as string
      if (this.deleted.has(parent)) return { status: 404, body: { error: 'Record not found' } }
      const id = String(++this.seq)
      const status = {
        ...this.template,
        id,
        in_reply_to_id: parent,
        created_at: new Date().toISOString(),
        uri: `${this.url}/ap/users/1/statuses/${id}`,
        url: `${this.url}/@kredo/${id}`,
        content: `<p>${String(body.status)}</p>`,
      }
      if (key) this.byKey.set(key, status)
      this.posts.push({
        id,
        url: status.url,
        text: String(body.status),
        inReplyTo: parent,
        body,
        headers: req.headers,
        at: Date.now(),
      })
      return { status: 200, body: status }
    })
  }
}

/** The X API v2: POST /2/tweets, GET /2/users/me, GET /2/users/:id/tweets. */
export class FakeX extends FakeNetwork {
  readonly userId = '1500000000000000001'
  /** When set, looking the account's posts up fails with this status. */
  timelineFails: number | null = null
  private seq = 1830000000000000000n

  protected rateLimitBody() {
    return {
      title: 'Too Many Requests',
      detail: 'Too Many Requests',
      type: 'about:blank',
      status: 429,
    }
  }

  protected route(
    req: http.IncomingMessage,
    url: URL,
    body: Record<string, unknown>,
    res: http.ServerResponse,
  ) {
    if (req.headers.authorization !== 'Bearer x-token')
      return json(res, 401, {
        title: 'Unauthorized',
        type: 'about:blank',
        status: 401,
        detail: 'Unauthorized',
      })
    if (url.pathname === '/2/users/me')
      return json(res, 200, { data: { id: this.userId, name: 'Kredo', username: 'kredo' } })
    if (url.pathname === `/2/users/${this.userId}/tweets`) {
      if (this.timelineFails)
        return json(res, this.timelineFails, {
          title: 'Service Unavailable',
          detail: 'Service Unavailable',
          type: 'about:blank',
        })
      // Newest first, newer than since_id, max_results (5 to 100, 10 by default) a page.
      const since = BigInt(url.searchParams.get('since_id') ?? '0')
      const max = Math.min(100, Math.max(5, Number(url.searchParams.get('max_results') ?? 10)))
      const from = Number(url.searchParams.get('pagination_token') ?? 0)
      const newer = [...this.posts].reverse().filter((p) => BigInt(p.id) > since)
      const page = newer.slice(from, from + max)
      const withCreatedAt = url.searchParams.get('tweet.fields')?.includes('created_at')
      const data = page.map((p) => ({
        id: p.id,
        text: p.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
        edit_history_tweet_ids: [p.id],
        referenced_tweets: [{ type: 'replied_to', id: p.inReplyTo }],
        ...(withCreatedAt ? { created_at: new Date(p.at).toISOString() } : {}),
      }))
      const next = from + max < newer.length ? { next_token: String(from + max) } : {}
      return json(
        res,
        200,
        data.length
          ? {
              data,
              meta: {
                result_count: data.length,
                newest_id: data[0]!.id,
                oldest_id: data.at(-1)!.id,
                ...next,
              },
            }
          : { meta: { result_count: 0 } },
      )
    }
    if (url.pathname === '/2/tweets' && req.method === 'POST') {
      return this.handlePost(req, res, () => {
        const parent = (body.reply as { in_reply_to_tweet_id: string }).in_reply_to_tweet_id
        if (this.deleted.has(parent))
          return {
            status: 403,
            body: {
              detail: 'You attempted to reply to a Tweet that is deleted or not visible to you.',
              type: 'about:blank',
              title: 'Forbidden',
              status: 403,
            },
          }
        const id = String(++this.seq)
        this.posts.push({
          id,
          url: `https://x.com/kredo/status/${id}`,
          text: String(body.text),
          inReplyTo: parent,
          body,
          headers: req.headers,
          at: Date.now(),
        })
        return {
          status: 201,
          body: { data: { id, text: body.text, edit_history_tweet_ids: [id] } },
        }
      })
    }
    return json(res, 404, { title: 'Not Found Error', type: 'about:blank', status: 404 })
  }
}

/**
 * Reddit's OAuth API: POST /api/comment (form-encoded, api_type=json) with the parent's
 * fullname; GET /api/v1/me; GET /user/<name>/comments (a Listing, newest first, `limit` and
 * `after`; bodies HTML-escaped unless raw_json=1).
 */
export class FakeReddit extends FakeNetwork {
  readonly username = 'kredo'
  /** When set, reading the account's comments fails with this status. */
  listingFails: number | null = null
  private seq = 1000

  protected rateLimitBody() {
    return { message: 'Too Many Requests', error: 429 }
  }

  protected route(
    req: http.IncomingMessage,
    url: URL,
    body: Record<string, unknown>,
    res: http.ServerResponse,
  ) {
    if (req.headers.authorization !== 'bearer reddit-token')
      return json(res, 401, { message: 'Unauthorized', error: 401 })
    if (url.pathname === '/api/v1/me' && req.method === 'GET')
      return json(res, 200, { name: this.username, id: 'k1r2d0', is_suspended: false })
    if (url.pathname === `/user/${this.username}/comments` && req.method === 'GET')
      return this.listComments(url, res)
    if (url.pathname !== '/api/comment' || req.method !== 'POST')
      return json(res, 404, { message: 'Not Found', error: 404 })
    return this.handlePost(req, res, () => {
      const parent = String(body.thing_id)
      if (this.deleted.has(parent))
        return {
          status: 200,
          body: {
            json: { errors: [['DELETED_COMMENT', 'that comment has been deleted', 'parent']] },
          },
        }
      const id = (++this.seq).toString(36)
      const permalink = `/r/KloutUsers/comments/abc/klout/${id}/`
      this.posts.push({
        id: `t1_${id}`,
        url: `https://www.reddit.com${permalink}`,
        text: String(body.text),
        inReplyTo: parent,
        body,
        headers: req.headers,
        at: Date.now(),
      })
      return {
        status: 200,
        body: {
          json: {
            errors: [],
            data: {
              things: [
                {
                  kind: 't1',
                  data: { id, name: `t1_${id}`, parent_id: parent, body: body.text, permalink },
                },
              ],
            },
          },
        },
      }
    })
  }

  private listComments(url: URL, res: http.ServerResponse) {
    if (this.listingFails)
      return json(res, this.listingFails, { message: 'Service Unavailable', error: 503 })
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 25)))
    const raw = url.searchParams.get('raw_json') === '1'
    const newest = [...this.posts].reverse()
    const after = url.searchParams.get('after')
    const from = after ? newest.findIndex((p) => p.id === after) + 1 : 0
    const page = newest.slice(from, from + limit)
    const escape = (t: string) =>
      raw ? t : t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    return json(res, 200, {
      kind: 'Listing',
      data: {
        after: from + limit < newest.length ? page.at(-1)!.id : null,
        before: null,
        dist: page.length,
        children: page.map((p) => ({
          kind: 't1',
          data: {
            id: p.id.slice(3),
            name: p.id,
            parent_id: p.inReplyTo,
            link_id: 't3_abc',
            author: this.username,
            body: escape(p.text),
            permalink: new URL(p.url).pathname,
            created_utc: Math.floor(p.at / 1000),
          },
        })),
      },
    })
  }
}
