import { z } from 'zod'
import {
  ResponseTimeStatsSchema,
  SlaTargetsViewSchema,
  type ResponseTimeStats,
  type SlaTargets,
  type SlaTargetsView,
} from '../../../../shared/sla.js'
import { brandPath, getJson, One, sendJson } from '../../lib/http.js'

/** Response targets and response times, each answer parsed with the server's shared schema. */
export const slaApi = {
  targets(brandId: string, signal?: AbortSignal): Promise<SlaTargetsView> {
    return getJson(`${brandPath(brandId)}/sla-targets`, One(SlaTargetsViewSchema), {
      signal,
    }).then((b) => b.data)
  },
  putTargets(brandId: string, targets: SlaTargets): Promise<SlaTargetsView> {
    return sendJson(
      'PUT',
      `${brandPath(brandId)}/sla-targets`,
      { targets },
      One(SlaTargetsViewSchema),
    ).then((b) => b.data)
  },
  responseTimes(brandId: string, days: number, signal?: AbortSignal): Promise<ResponseTimeStats> {
    return getJson(
      `${brandPath(brandId)}/response-times?days=${days}`,
      z.object({ data: ResponseTimeStatsSchema }),
      { signal },
    ).then((b) => b.data)
  },
}
