import { z } from 'zod'
import { normalizeText } from '../text.js'

/**
 * Limits of what a post may carry, from the networks' own: Reddit allows the longest text
 * (40,000 characters), handles and names are far shorter everywhere. Longer is not a post any
 * network sends: it is set aside with the reason, never cut.
 */
/**
 * How a post reached Firebreak (its ingest channel): a signed webhook, a file import, a replay
 * of recorded payloads, or a connector polling a network. Not the network it was posted on
 * (`network`), nor the configured source that brought it (`sourceId`).
 */
export const INGEST_CHANNELS = ['webhook', 'import', 'replay', 'connector'] as const
export type IngestChannel = (typeof INGEST_CHANNELS)[number]

export const POST_LIMITS = {
  text: 40_000,
  externalId: 512,
  handle: 256,
  displayName: 256,
}

/** The earliest date a post may carry: Unix time 0, which broken clocks and parsers produce. */
export const EARLIEST_POST_DATE = new Date('1970-01-01T00:00:00Z')
/** How far ahead of our clock a post's date may be (a producer's clock is not ours). */
export const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000

/**
 * The network a post was published on, so that (network, external id) is its identity
 * wherever it arrives from: a network (`bluesky`) or a site (`forum.kloutusers.example`).
 */
export const NetworkSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'must be a network name or host: letters, digits, . _ -')

const cleanText = (max: number) => z.string().max(max).transform(normalizeText)

/**
 * When a post was written: a date between 1970 and a day from now. Outside that, no network
 * wrote it (and PostgreSQL cannot store years beyond 294276): the post is set aside.
 */
export const PostDateSchema = z.coerce
  .date({ error: 'must be a date' })
  .refine((d) => !Number.isNaN(d.getTime()), 'must be a date')
  .refine((d) => d >= EARLIEST_POST_DATE, 'must not be before 1970')
  .refine(
    (d) => d.getTime() <= Date.now() + FUTURE_TOLERANCE_MS,
    'must not be more than a day in the future',
  )
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
  externalId: cleanText(POST_LIMITS.externalId).pipe(z.string().min(1)),
  handle: cleanText(POST_LIMITS.handle).pipe(z.string().min(1)),
  displayName: cleanText(POST_LIMITS.displayName)
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
  /** Where it was published (NetworkSchema); not the configured source that brought it. */
  network: NetworkSchema,
  externalId: cleanText(POST_LIMITS.externalId).pipe(z.string().min(1, 'must not be empty')),
  url: PostUrlSchema,
  text: cleanText(POST_LIMITS.text),
  lang: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or pt-BR')
    .nullish()
    .transform((v) => v ?? null),
  /** When the author posted it, as the network says. */
  postedAt: PostDateSchema,
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
