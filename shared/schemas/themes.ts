import { z } from 'zod'
import { normalizeText } from '../text.js'
import { TrendRangeQuery } from './trends.js'

/**
 * What a brand's complaints are about (issue 16): themes found from keyphrases of complaint
 * texts, named by their top phrases until an adviser renames them. Every complaint post belongs
 * to at most one theme; hidden themes stay counted but leave the dashboard.
 */
export const THEME_TRENDS = ['rising', 'steady', 'fading', 'new'] as const
export type ThemeTrend = (typeof THEME_TRENDS)[number]

/** A theme as the dashboard, the inbox filter and the theme editor show it. */
export const ThemeViewSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  name: z.string(),
  /** Its keyphrases, strongest first. */
  phrases: z.array(z.string()),
  /** Whether an adviser named it (else the name is its top phrases). */
  named: z.boolean(),
  hidden: z.boolean(),
  /** Complaint posts in the period asked for, and in the period just before it. */
  volume: z.number().int(),
  previousVolume: z.number().int(),
  trend: z.enum(THEME_TRENDS),
  /** Complaint posts per bucket of the period (the sparkline); empty buckets are left out. */
  points: z.array(z.object({ at: z.string(), count: z.number().int() })),
  /** Its most-reached complainers in the period (up to 5). */
  topComplainers: z.array(
    z.object({
      authorId: z.number().int(),
      handle: z.string(),
      network: z.string(),
      followers: z.number().int().nullable(),
    }),
  ),
})
export type ThemeView = z.infer<typeof ThemeViewSchema>

export const ThemeListSchema = z.object({
  data: z.array(ThemeViewSchema),
  period: z.object({ from: z.string(), to: z.string() }),
  asOf: z.string(),
})
export type ThemeList = z.infer<typeof ThemeListSchema>

/** GET /api/brands/:brandId/themes: a range, and whether to list hidden themes (the editor). */
export const ListThemesQuery = TrendRangeQuery.extend({
  hidden: z
    .enum(['true', 'false'], 'must be true or false')
    .optional()
    .transform((v) => v === 'true'),
})
export type ListThemesQuery = z.infer<typeof ListThemesQuery>

export const ThemeParams = z.object({
  brandId: z.uuid('must be a brand id'),
  themeId: z.uuid('must be a theme id'),
})

const ThemeName = z
  .string('must be text')
  .transform(normalizeText)
  .pipe(z.string().trim().min(1, 'a theme needs a name').max(80, 'must be at most 80 characters'))

/** PATCH /api/brands/:brandId/themes/:themeId (advisers, audited). */
export const UpdateThemeBody = z
  .object({ name: ThemeName.optional(), hidden: z.boolean('must be true or false').optional() })
  .refine((b) => b.name !== undefined || b.hidden !== undefined, 'say a name or hidden')
export type UpdateThemeBody = z.infer<typeof UpdateThemeBody>

/** POST /api/brands/:brandId/themes/merge: the others' posts join `into` (audited). */
export const MergeThemesBody = z.object({
  into: z.uuid('must be a theme id'),
  themeIds: z.array(z.uuid('must be a theme id')).min(1, 'name a theme to merge').max(20),
})
export type MergeThemesBody = z.infer<typeof MergeThemesBody>

/** POST /api/brands/:brandId/themes/:themeId/split: posts matching `phrases` form a new theme. */
export const SplitThemeBody = z.object({
  phrases: z.array(ThemeName).min(1, 'name a phrase to split off').max(10),
  name: ThemeName.optional(),
})
export type SplitThemeBody = z.infer<typeof SplitThemeBody>
