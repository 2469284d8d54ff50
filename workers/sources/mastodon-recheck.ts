import type { NormalizedPost } from '../../shared/schemas/posts.js'
import { failedResponse, SourceError, type SourceIo, type SourceResponse } from './connector.js'
import { editIfNewer, original, StatusSchema, type Status } from './mastodon-status.js'
import { noRecheck, recheckFailed, type Recheck } from './recheck.js'

/** Statuses one `GET /api/v1/statuses?id[]=` takes (Mastodon's DEFAULT_STATUSES_LIMIT). */
export const BATCH_MAX = 20
/** Without that endpoint (before Mastodon 4.3), the newest few are read one by one. */
const SINGLE_MAX = 5
/** A server without the batch endpoint is asked for it again a day later (it may upgrade). */
const NO_BATCH_MS = 24 * 3600_000
/** Below this many requests left in the window, the next poll waits for the reset. */
const LOW_QUOTA = 10

/** A stored status to read again: its local id, federated uri and last edit seen. */
export interface KnownStatus {
  id: string
  uri: string
  editedAt: string | null
}

export interface StatusRecheck extends Recheck {
  edits: NormalizedPost[]
  /** The newest `edited_at` read for a status (its edit, if any, is in `edits`). */
  editedAt: Map<string, string>
  /** Until when this server is known to lack the batch endpoint (epoch ms), or null. */
  noBatchUntil: number | null
}

interface Reader {
  io: SourceIo
  instance: string
  headers: Record<string, string>
  instanceHost: string
  /** The uri of a local status id, to link an edited reply to its parent. */
  uriOf: (id: string) => string | null
  now: number
}

/**
 * Re-reads stored statuses: in one request (`GET /api/v1/statuses?id[]=`, up to 20, Mastodon
 * 4.3+), or, where the server lacks it (404), the 5 newest one by one (`/api/v1/statuses/:id`).
 * A status missing from the batch, or a 404 alone, is deleted; the others give fresh counts,
 * and an edit when `edited_at` is newer than the one seen. So at most 1 request a poll, or 6 on
 * the poll that finds the batch endpoint missing, then 5 a poll for a day. Never throws: a
 * failure comes back as a warning, a 429 or a nearly spent window as `retryAt`.
 */
export async function recheckStatuses(
  reader: Reader,
  targets: KnownStatus[],
  noBatchUntil: number | null,
): Promise<StatusRecheck> {
  const result: StatusRecheck = { ...noRecheck(), edits: [], editedAt: new Map(), noBatchUntil }
  if (!targets.length) return result
  try {
    const batchGone = noBatchUntil !== null && reader.now < noBatchUntil
    const batch = batchGone ? null : await readBatch(reader, targets.slice(0, BATCH_MAX), result)
    if (batch) return result
    if (!batchGone) result.noBatchUntil = reader.now + NO_BATCH_MS
    for (const target of targets.slice(0, SINGLE_MAX)) {
      if (result.retryAt) break
      const res = await get(reader, `/api/v1/statuses/${target.id}`, result)
      if (res.status === 404) gone(result, target)
      else found(reader, result, target, parseStatus(readJson(res)))
    }
    return result
  } catch (err) {
    const failed = recheckFailed(err)
    return { ...result, warning: failed.warning, retryAt: failed.retryAt ?? result.retryAt }
  }
}

/** One batch request; false when the server has no such endpoint. */
async function readBatch(reader: Reader, targets: KnownStatus[], result: StatusRecheck) {
  const params = new URLSearchParams(targets.map((t): [string, string] => ['id[]', t.id]))
  const res = await get(reader, `/api/v1/statuses?${params}`, result)
  if (res.status === 404) return false
  const body = readJson(res)
  if (!Array.isArray(body)) throw new SourceError('Mastodon answered statuses without a list')
  // An unreadable item is not a delete: its id (if any) counts as found, without news.
  const byId = new Map<string, Status | null>()
  for (const item of body) {
    const status = StatusSchema.safeParse(item)
    const id = (item as { id?: unknown } | null)?.id
    if (status.success) byId.set(status.data.id, status.data)
    else if (typeof id === 'string') byId.set(id, null)
  }
  for (const target of targets) {
    const status = byId.get(target.id)
    if (status === undefined) gone(result, target)
    else if (status) found(reader, result, target, status)
  }
  return true
}

/** A GET on the instance: a 404 is an answer here, other refusals throw; notes a spent window. */
async function get(reader: Reader, path: string, result: StatusRecheck): Promise<SourceResponse> {
  const res = await reader.io.fetch(`${reader.instance}${path}`, { headers: reader.headers })
  if (res.status !== 404 && (res.status < 200 || res.status >= 300))
    throw failedResponse('Mastodon', res, reader.now)
  result.retryAt = quotaWait(res, reader.now) ?? result.retryAt
  return res
}

function gone(result: StatusRecheck, target: KnownStatus) {
  result.deletes.push({ network: 'mastodon', externalId: target.uri })
  result.gone.add(target.uri)
}

function found(reader: Reader, result: StatusRecheck, target: KnownStatus, status: Status) {
  const s = original(status)
  result.engagement.push({
    network: 'mastodon',
    externalId: target.uri,
    likes: s.favourites_count ?? 0,
    replies: s.replies_count ?? 0,
    shares: s.reblogs_count ?? 0,
  })
  const parentUri = s.in_reply_to_id ? reader.uriOf(s.in_reply_to_id) : null
  const edit = editIfNewer(s, target.editedAt, { instanceHost: reader.instanceHost, parentUri })
  if (edit) result.edits.push(edit)
  if (s.edited_at) result.editedAt.set(target.uri, s.edited_at)
}

function readJson(res: SourceResponse): unknown {
  try {
    return JSON.parse(res.body)
  } catch (err) {
    throw new SourceError(`Mastodon answered with malformed JSON: ${(err as Error).message}`)
  }
}

function parseStatus(body: unknown): Status {
  const status = StatusSchema.safeParse(body)
  if (!status.success) throw new SourceError('Mastodon answered a status that is not one')
  return status.data
}

/** When the quota is nearly spent, wait for its reset (ISO-8601 in X-RateLimit-Reset). */
export function quotaWait(res: SourceResponse, now: number): number | undefined {
  const remaining = Number(res.headers.get('x-ratelimit-remaining') ?? NaN)
  if (!Number.isFinite(remaining) || remaining >= LOW_QUOTA) return undefined
  const reset = Date.parse(res.headers.get('x-ratelimit-reset') ?? '')
  return Number.isNaN(reset) ? now + 60_000 : Math.max(reset, now)
}
