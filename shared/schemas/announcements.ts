import { z } from 'zod'
import { normalizeText } from '../text.js'

/**
 * What the brand changed or announced, and incidents (issue 16). Every chart marks them; for each
 * one the dashboard compares the volume and sentiment before and after it took effect, and says
 * whether it was announced before it took effect. Scoring versions are recorded automatically
 * when published.
 */
export const ANNOUNCEMENT_KINDS = ['change', 'incident', 'scoring_version'] as const
export type AnnouncementKind = (typeof ANNOUNCEMENT_KINDS)[number]

const Text = (max: number, what: string) =>
  z
    .string('must be text')
    .transform(normalizeText)
    .pipe(
      z
        .string()
        .trim()
        .min(1, `${what} cannot be empty`)
        .max(max, `must be at most ${max} characters`),
    )
const IsoTime = z.iso.datetime({ offset: true, message: 'must be an ISO time' })

/** POST /api/brands/:brandId/announcements (advisers; scoring versions are recorded by Firebreak). */
export const AnnouncementInput = z.object({
  kind: z.enum(['change', 'incident']),
  title: Text(140, 'a title'),
  body: Text(2000, 'the text').optional(),
  /** When the change takes (or took) effect, or the incident began. */
  effectiveAt: IsoTime,
  /** When the brand told its users; null: it did not (yet). */
  announcedAt: IsoTime.nullable().default(null),
  /** A public link to the announcement. */
  url: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .max(2000)
    .optional(),
})
export type AnnouncementInput = z.infer<typeof AnnouncementInput>

/** Volume and sentiment in the same length of time before and after `effectiveAt`. */
const SideSchema = z.object({
  posts: z.number().int(),
  complaints: z.number().int(),
  negativeShare: z.number().nullable(),
})

export const AnnouncementViewSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  kind: z.enum(ANNOUNCEMENT_KINDS),
  title: z.string(),
  body: z.string().nullable(),
  url: z.string().nullable(),
  effectiveAt: z.string(),
  announcedAt: z.string().nullable(),
  /** Announced before it took effect (null while neither has happened). */
  announcedFirst: z.boolean().nullable(),
  impact: z.object({ windowHours: z.number(), before: SideSchema, after: SideSchema }).nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
})
export type AnnouncementView = z.infer<typeof AnnouncementViewSchema>

export const AnnouncementParams = z.object({
  brandId: z.uuid('must be a brand id'),
  announcementId: z.uuid('must be an announcement id'),
})

/** GET /api/brands/:brandId/announcements: newest effective first (up to 200). */
export const AnnouncementListSchema = z.object({ data: z.array(AnnouncementViewSchema) })
