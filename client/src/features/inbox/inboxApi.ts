import { z } from 'zod'
import { ComplaintViewSchema, type ComplaintView } from '../../../../shared/schemas/complaints.js'
import {
  InboxCountsSchema,
  InboxPageSchema,
  type InboxCounts,
  type InboxFilters,
  type InboxPage,
} from '../../../../shared/schemas/inbox.js'
import { NoteViewSchema, type NoteView } from '../../../../shared/schemas/notes.js'
import {
  NotificationListSchema,
  type NotificationList,
} from '../../../../shared/schemas/notifications.js'
import { ThreadViewSchema, type ThreadView } from '../../../../shared/schemas/threads.js'
import {
  BulkTriageResultSchema,
  TriagerListSchema,
  type BulkTriageBody,
  type BulkTriageResult,
  type TriagerView,
} from '../../../../shared/schemas/triage.js'
import type { DismissReason, InboxView, TransitionName } from '../../../../shared/triage.js'
import { ApiError, brandPath, getJson, One, queryString, sendJson } from '../../lib/http.js'

const complaintPath = (id: string) => `/api/complaints/${encodeURIComponent(id)}`

/** The inbox's requests, each parsed with the shared schema the server answers with. */
export const inboxApi = {
  page(
    brandId: string,
    view: InboxView,
    filters: InboxFilters,
    cursor: string | null,
    signal?: AbortSignal,
  ): Promise<InboxPage> {
    return getJson(
      `${brandPath(brandId)}/inbox${queryString({ view, ...filters, cursor })}`,
      InboxPageSchema,
      { signal },
    )
  },
  counts(brandId: string, filters: InboxFilters, signal?: AbortSignal): Promise<InboxCounts> {
    return getJson(
      `${brandPath(brandId)}/inbox/counts${queryString({ ...filters })}`,
      InboxCountsSchema,
      { signal },
    )
  },
  thread(id: string, signal?: AbortSignal): Promise<ThreadView> {
    return getJson(`${complaintPath(id)}/thread`, One(ThreadViewSchema), { signal }).then(
      (b) => b.data,
    )
  },
  transition(
    c: ComplaintView,
    transition: TransitionName,
    extra: { reason?: DismissReason; note?: string } = {},
  ): Promise<ComplaintView> {
    return sendJson(
      'POST',
      `${complaintPath(c.id)}/transition`,
      { transition, version: c.version, ...extra },
      One(ComplaintViewSchema),
    ).then((b) => b.data)
  },
  snooze(c: ComplaintView, until: string | null): Promise<ComplaintView> {
    return sendJson(
      'PUT',
      `${complaintPath(c.id)}/snooze`,
      { until, version: c.version },
      One(ComplaintViewSchema),
    ).then((b) => b.data)
  },
  assign(c: ComplaintView, assigneeId: string | null): Promise<ComplaintView> {
    return sendJson(
      'PUT',
      `${complaintPath(c.id)}/assignee`,
      { assigneeId, version: c.version },
      One(ComplaintViewSchema),
    ).then((b) => b.data)
  },
  bulk(brandId: string, body: BulkTriageBody): Promise<BulkTriageResult> {
    return sendJson('POST', `${brandPath(brandId)}/complaints/bulk`, body, BulkTriageResultSchema)
  },
  triagers(brandId: string, signal?: AbortSignal): Promise<TriagerView[]> {
    return getJson(`${brandPath(brandId)}/triagers`, TriagerListSchema, { signal }).then(
      (b) => b.data,
    )
  },
  addNote(id: string, body: string, mentions: string[]): Promise<NoteView> {
    return sendJson(
      'POST',
      `${complaintPath(id)}/notes`,
      { body, mentions },
      One(NoteViewSchema),
    ).then((b) => b.data)
  },
  notifications(signal?: AbortSignal): Promise<NotificationList> {
    return getJson('/api/notifications?limit=50', NotificationListSchema, { signal })
  },
  markRead(which: { ids: number[] } | { all: true }): Promise<{ unread: number }> {
    return sendJson(
      'POST',
      '/api/notifications/read',
      which,
      z.object({ unread: z.number().int() }),
    )
  },
}

/** The complaint as it stands when a change lost a race (409), or null for other errors. */
export function conflictCurrent(err: unknown): ComplaintView | null {
  if (!(err instanceof ApiError) || err.code !== 'conflict') return null
  const parsed = ComplaintViewSchema.safeParse(err.current)
  return parsed.success ? parsed.data : null
}
