import fs from 'node:fs'
import path from 'node:path'
import { FIXTURES, type FixtureReply, type SeenRequest } from './fixture-server.js'

type Status = Record<string, unknown> & { id: string }

/**
 * An instance's statuses by local id, for FixtureServer.extra: `GET /api/v1/statuses?id[]=`
 * (Mastodon 4.3+) answers the ones it has, leaving out the others as Mastodon does; and
 * `GET /api/v1/statuses/:id` answers one, or 404 `Record not found`. With `batch` false the
 * batch endpoint is missing, as on servers before 4.3 (a 404 for the route). Starts with the
 * recorded Klout statuses; a test deletes, edits or recounts them in `statuses`.
 */
export class FakeMastodonStatuses {
  readonly statuses = new Map<string, Status>()
  batch = true

  constructor() {
    const page = JSON.parse(
      fs.readFileSync(
        path.join(FIXTURES, 'mastodon/timelines_tag_klout.page1.assembled.json'),
        'utf8',
      ),
    ) as Status[]
    for (const status of page) this.statuses.set(status.id, status)
  }

  /** Changes a status's fields (counts, an edit) in place. */
  update(id: string, fields: Record<string, unknown>): void {
    this.statuses.set(id, { ...this.statuses.get(id)!, ...fields })
  }

  readonly route = (req: SeenRequest): FixtureReply | undefined => {
    if (req.method !== 'GET') return undefined
    if (req.path === '/api/v1/statuses') {
      if (!this.batch) return json(404, { error: 'Record not found' })
      const ids = req.query.getAll('id[]')
      if (ids.length > 20) return json(422, { error: 'Validation failed' })
      return json(
        200,
        ids.flatMap((id) => this.statuses.get(id) ?? []),
      )
    }
    const one = /^\/api\/v1\/statuses\/(\d+)$/.exec(req.path)
    if (!one) return undefined
    const status = this.statuses.get(one[1]!)
    return status ? json(200, status) : json(404, { error: 'Record not found' })
  }
}

function json(status: number, body: unknown): FixtureReply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  }
}
