import type { z } from 'zod'
import type { PromiseState } from '../../../../shared/promises.js'
import {
  PromiseListSchema,
  PromiseViewSchema,
  type BreakPromiseBody,
  type KeepPromiseBody,
  type PromiseList,
  type PromiseView,
} from '../../../../shared/schemas/promises.js'
import { brandPath, getJson, One, sendJson } from '../../lib/http.js'

/** What the Promises page and the author card ask for. */
export interface PromiseFilter {
  state?: PromiseState
  ownerId?: string
  authorIds?: number[]
}

const promisePath = (id: string) => `/api/promises/${encodeURIComponent(id)}`

/** The promise routes, each answer parsed with the shared schema the server answers with. */
export const promisesApi = {
  list(brandId: string, filter: PromiseFilter, signal?: AbortSignal): Promise<PromiseList> {
    const query = new URLSearchParams()
    if (filter.state) query.set('state', filter.state)
    if (filter.ownerId) query.set('ownerId', filter.ownerId)
    if (filter.authorIds?.length) query.set('authorIds', filter.authorIds.slice(0, 50).join(','))
    const qs = query.size ? `?${query}` : ''
    return getJson(`${brandPath(brandId)}/promises${qs}`, PromiseListSchema, { signal })
  },
  keep(id: string, body: z.input<typeof KeepPromiseBody>): Promise<PromiseView> {
    return sendJson('POST', `${promisePath(id)}/kept`, body, One(PromiseViewSchema)).then(
      (b) => b.data,
    )
  },
  break(id: string, body: z.input<typeof BreakPromiseBody>): Promise<PromiseView> {
    return sendJson('POST', `${promisePath(id)}/broken`, body, One(PromiseViewSchema)).then(
      (b) => b.data,
    )
  },
}

/** Every promise query of a brand starts with this key, so one push refreshes them all. */
export const promisesKey = (brandId: string) => ['promises', brandId] as const
