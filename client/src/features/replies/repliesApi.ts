import { z } from 'zod'
import type { ReplyNetwork } from '../../../../shared/replies.js'
import {
  ReplyAccountViewSchema,
  ReplyViewSchema,
  type PutReplyAccountBody,
  type ReplyAccountView,
  type ReplyView,
} from '../../../../shared/schemas/replies.js'
import type { PromiseInput } from '../../../../shared/schemas/promises.js'
import { brandPath, getJson, One, sendJson } from '../../lib/http.js'

const complaintPath = (id: string) => `/api/complaints/${encodeURIComponent(id)}`

/** The reply routes, each answer parsed with the shared schema the server answers with. */
export const repliesApi = {
  accounts(brandId: string, signal?: AbortSignal): Promise<ReplyAccountView[]> {
    return getJson(
      `${brandPath(brandId)}/reply-accounts`,
      z.object({ data: z.array(ReplyAccountViewSchema) }),
      { signal },
    ).then((b) => b.data)
  },
  putAccount(
    brandId: string,
    network: ReplyNetwork,
    body: z.input<typeof PutReplyAccountBody>,
  ): Promise<ReplyAccountView> {
    return sendJson(
      'PUT',
      `${brandPath(brandId)}/reply-accounts/${network}`,
      body,
      One(ReplyAccountViewSchema),
    ).then((b) => b.data)
  },
  send(complaintId: string, text: string, promise?: PromiseInput): Promise<ReplyView> {
    return sendJson(
      'POST',
      `${complaintPath(complaintId)}/replies`,
      promise ? { text, promise } : { text },
      One(ReplyViewSchema),
    ).then((b) => b.data)
  },
  recordElsewhere(complaintId: string, url: string): Promise<ReplyView> {
    return sendJson(
      'POST',
      `${complaintPath(complaintId)}/replies/elsewhere`,
      { url },
      One(ReplyViewSchema),
    ).then((b) => b.data)
  },
  retry(replyId: string, checkedNotPublished = false): Promise<ReplyView> {
    return sendJson(
      'POST',
      `/api/replies/${encodeURIComponent(replyId)}/retry`,
      checkedNotPublished ? { checkedNotPublished: true } : {},
      One(ReplyViewSchema),
    ).then((b) => b.data)
  },
}

export const replyAccountsKey = (brandId: string) => ['reply-accounts', brandId] as const
