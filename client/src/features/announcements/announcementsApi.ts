import { z } from 'zod'
import {
  AnnouncementViewSchema,
  type AnnouncementInput,
  type AnnouncementView,
} from '../../../../shared/schemas/announcements.js'
import { brandPath, getJson, One, send, sendJson } from '../../lib/http.js'

/** A brand's announcements and incidents, each answer parsed with the server's shared schema. */
export const announcementsApi = {
  list(brandId: string, signal?: AbortSignal): Promise<AnnouncementView[]> {
    return getJson(
      `${brandPath(brandId)}/announcements`,
      z.object({ data: z.array(AnnouncementViewSchema) }),
      { signal },
    ).then((b) => b.data)
  },
  add(brandId: string, body: z.input<typeof AnnouncementInput>): Promise<AnnouncementView> {
    return sendJson(
      'POST',
      `${brandPath(brandId)}/announcements`,
      body,
      One(AnnouncementViewSchema),
    ).then((b) => b.data)
  },
  remove(brandId: string, id: string): Promise<void> {
    return send('DELETE', `${brandPath(brandId)}/announcements/${encodeURIComponent(id)}`)
  },
}

export const announcementsKey = (brandId: string) => ['announcements', brandId] as const
