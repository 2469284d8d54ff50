import { z } from 'zod'
import {
  CannedResponseViewSchema,
  type CannedResponseView,
  type CreateCannedResponseBody,
  type UpdateCannedResponseBody,
} from '../../../../shared/schemas/canned-responses.js'
import {
  DraftSummarySchema,
  DraftViewSchema,
  type DraftSummary,
  type DraftView,
} from '../../../../shared/schemas/drafts.js'
import { brandPath, getJson, One, send, sendJson } from '../../lib/http.js'

const complaintPath = (id: string) => `/api/complaints/${encodeURIComponent(id)}`
const cannedPath = (id: string) => `/api/canned-responses/${encodeURIComponent(id)}`

/** A brand's canned responses, each answer parsed with the schema the server answers with. */
export const cannedApi = {
  list(brandId: string, signal?: AbortSignal): Promise<CannedResponseView[]> {
    return getJson(
      `${brandPath(brandId)}/canned-responses`,
      z.object({ data: z.array(CannedResponseViewSchema) }),
      { signal },
    ).then((b) => b.data)
  },
  create(
    brandId: string,
    body: z.input<typeof CreateCannedResponseBody>,
  ): Promise<CannedResponseView> {
    return sendJson(
      'POST',
      `${brandPath(brandId)}/canned-responses`,
      body,
      One(CannedResponseViewSchema),
    ).then((b) => b.data)
  },
  update(id: string, body: z.input<typeof UpdateCannedResponseBody>): Promise<CannedResponseView> {
    return sendJson('PATCH', cannedPath(id), body, One(CannedResponseViewSchema)).then(
      (b) => b.data,
    )
  },
  remove(id: string): Promise<void> {
    return send('DELETE', cannedPath(id))
  },
}

export const cannedKey = (brandId: string) => ['canned-responses', brandId] as const

/** One's own reply drafts, and who else drafts on a complaint. */
export const draftsApi = {
  mine(complaintId: string, signal?: AbortSignal): Promise<DraftView | null> {
    return getJson(`${complaintPath(complaintId)}/drafts/mine`, One(DraftViewSchema.nullable()), {
      signal,
    }).then((b) => b.data)
  },
  save(complaintId: string, text: string): Promise<DraftView | null> {
    return sendJson(
      'PUT',
      `${complaintPath(complaintId)}/drafts/mine`,
      { text },
      One(DraftViewSchema.nullable()),
    ).then((b) => b.data)
  },
  drafters(complaintId: string, signal?: AbortSignal): Promise<DraftSummary[]> {
    return getJson(
      `${complaintPath(complaintId)}/drafts`,
      z.object({ data: z.array(DraftSummarySchema) }),
      { signal },
    ).then((b) => b.data)
  },
}

export const draftersKey = (complaintId: string) => ['drafters', complaintId] as const
