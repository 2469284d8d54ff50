import { z } from 'zod'
import {
  KpisViewSchema,
  TopComplainerSchema,
  TrendPeriodSchema,
  TrendsViewSchema,
  type KpisView,
  type TopComplainer,
  type TrendsView,
} from '../../../../shared/schemas/trends.js'
import { ThemeListSchema, type ThemeList } from '../../../../shared/schemas/themes.js'
import { brandPath, getJson, One } from '../../lib/http.js'
import { rangeQuery, type DashboardRange } from './dashboardRange.js'

const ComplainersAnswer = z.object({
  data: z.array(TopComplainerSchema),
  period: TrendPeriodSchema,
})

/** The dashboard's reads, each answer parsed with the server's shared schema. */
export const dashboardApi = {
  trends(brandId: string, range: DashboardRange, signal?: AbortSignal): Promise<TrendsView> {
    return getJson(`${brandPath(brandId)}/trends${rangeQuery(range)}`, One(TrendsViewSchema), {
      signal,
    }).then((b) => b.data)
  },
  kpis(brandId: string, range: DashboardRange, signal?: AbortSignal): Promise<KpisView> {
    return getJson(
      `${brandPath(brandId)}/dashboard/kpis${rangeQuery(range)}`,
      One(KpisViewSchema),
      { signal },
    ).then((b) => b.data)
  },
  complainers(
    brandId: string,
    range: DashboardRange,
    signal?: AbortSignal,
  ): Promise<TopComplainer[]> {
    return getJson(
      `${brandPath(brandId)}/dashboard/complainers${rangeQuery(range)}`,
      ComplainersAnswer,
      { signal },
    ).then((b) => b.data)
  },
  themes(brandId: string, range: DashboardRange, signal?: AbortSignal): Promise<ThemeList> {
    return getJson(`${brandPath(brandId)}/themes${rangeQuery(range)}`, ThemeListSchema, { signal })
  },
}

/** The CSV exports of the range: plain links, so the browser streams them to disk. */
export function exportHref(
  brandId: string,
  what: 'rollups' | 'complaints',
  range: DashboardRange,
): string {
  return `${brandPath(brandId)}/exports/${what}.csv${rangeQuery({ ...range, compare: false })}`
}

/** The react-query key of everything the dashboard reads for a brand. */
export const dashboardKey = (brandId: string) => ['dashboard', brandId] as const
