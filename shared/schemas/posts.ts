import { z } from 'zod'
import { normalizeText } from '../text.js'

/** Largest post text accepted, in UTF-16 code units (a long-form blog item fits). */
export const MAX_TEXT_LENGTH = 1_100_000

/**
 * A source key names where a post lives, so that (source, external id) is its identity
 * wherever it arrives from: a network (`bluesky`) or a site (`forum.kloutusers.example`).
 */
export const SourceKeySchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'must be a network name or host: letters, digits, . _ -')

const cleanText = (max: number) => z.string().max(max).transform(normalizeText)
const count = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

const FLAG_WORDS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false }
/**
 * A yes/no signal: a boolean, or its spelling in a CSV cell (`true`/`false`, `1`/`0`). Left
 * out or null means the source does not say (most networks have no such flag).
 */
const flag = z
  .preprocess(
    (v) => (typeof v === 'string' ? (FLAG_WORDS[v.trim().toLowerCase()] ?? v) : v),
    z.boolean({ error: 'must be true or false' }).nullish(),
  )
  .transform((v) => v ?? null)

/** Whether a string is an absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * A post's link: http(s) only. Any other link (`javascript:`, `data:`, garbage) is dropped to
 * null rather than refusing the post, whose text still matters.
 */
export const PostUrlSchema = z
  .string()
  .nullish()
  .transform((value) =>
    value && value.length <= 4096 && isHttpUrl(value.trim()) ? value.trim() : null,
  )

export const AuthorInputSchema = z.object({
  externalId: cleanText(512).pipe(z.string().min(1)),
  handle: cleanText(512).pipe(z.string().min(1)),
  displayName: cleanText(1024)
    .nullish()
    .transform((v) => v ?? null),
  followers: count.nullish().transform((v) => v ?? null),
  karma: count.nullish().transform((v) => v ?? null),
  /**
   * The network vouches for the account's identity (X's verified, Bluesky's verification).
   * Null when the network has no such flag or did not say; a modest bonus to reach when true.
   */
  verified: flag,
})

export const EngagementSchema = z.object({
  likes: count.default(0),
  replies: count.default(0),
  shares: count.default(0),
})

/**
 * A post as every connector, the webhook, the importer and replay hand it to ingest.
 * Text is stored raw (apart from NUL and lone surrogates) and always rendered as text.
 */
export const NormalizedPostSchema = z.object({
  source: SourceKeySchema,
  externalId: cleanText(512).pipe(z.string().min(1, 'must not be empty')),
  url: PostUrlSchema,
  text: cleanText(MAX_TEXT_LENGTH),
  lang: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or pt-BR')
    .nullish()
    .transform((v) => v ?? null),
  createdAt: z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a date'),
  author: AuthorInputSchema,
  inReplyTo: cleanText(512)
    .nullish()
    .transform((v) => v || null),
  threadId: cleanText(512)
    .nullish()
    .transform((v) => v || null),
  engagement: EngagementSchema.default({ likes: 0, replies: 0, shares: 0 }),
})
export type NormalizedPost = z.infer<typeof NormalizedPostSchema>
/** What a producer writes (dates as ISO strings, optional fields left out). */
export type NormalizedPostInput = z.input<typeof NormalizedPostSchema>
