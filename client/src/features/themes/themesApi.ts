import { z } from 'zod'
import {
  ThemeListSchema,
  ThemeViewSchema,
  type MergeThemesBody,
  type SplitThemeBody,
  type ThemeList,
  type ThemeView,
  type UpdateThemeBody,
} from '../../../../shared/schemas/themes.js'
import { brandPath, getJson, One, sendJson } from '../../lib/http.js'

const themePath = (brandId: string, themeId: string) =>
  `${brandPath(brandId)}/themes/${encodeURIComponent(themeId)}`

/** The theme editor's reads and writes, each answer parsed with the server's shared schema. */
export const themesApi = {
  /** Every theme of the last 7 days, hidden ones too. */
  list(brandId: string, signal?: AbortSignal): Promise<ThemeList> {
    return getJson(`${brandPath(brandId)}/themes?range=7d&hidden=true`, ThemeListSchema, { signal })
  },
  update(
    brandId: string,
    themeId: string,
    body: z.input<typeof UpdateThemeBody>,
  ): Promise<ThemeView> {
    return sendJson('PATCH', themePath(brandId, themeId), body, One(ThemeViewSchema)).then(
      (b) => b.data,
    )
  },
  merge(brandId: string, body: z.input<typeof MergeThemesBody>): Promise<ThemeView> {
    return sendJson('POST', `${brandPath(brandId)}/themes/merge`, body, One(ThemeViewSchema)).then(
      (b) => b.data,
    )
  },
  split(
    brandId: string,
    themeId: string,
    body: z.input<typeof SplitThemeBody>,
  ): Promise<ThemeView> {
    return sendJson(
      'POST',
      `${themePath(brandId, themeId)}/split`,
      body,
      One(ThemeViewSchema),
    ).then((b) => b.data)
  },
}

export const themesKey = (brandId: string) => ['themes', brandId] as const
