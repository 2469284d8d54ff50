import { z } from 'zod'
import { COMPLAINT_STATES, INBOX_VIEWS } from '../triage.js'
import { ComplaintViewSchema } from './complaints.js'
import { SENTIMENT_LABELS } from './scoring.js'

/**
 * Reach bands of a complaint's author, by followers on the network of the complaint. Bounds
 * are powers of ten: complaints take their lead author's new count when it gains or loses a
 * digit (migration 0035), which tells these bands apart exactly.
 */
export const REACH_BANDS = {
  small: { label: 'Under 1k followers', min: 0, max: 1_000 },
  medium: { label: '1k–10k', min: 1_000, max: 10_000 },
  large: { label: '10k–100k', min: 10_000, max: 100_000 },
  huge: { label: '100k and more', min: 100_000, max: null },
} as const
export type ReachBand = keyof typeof REACH_BANDS
export const REACH_BAND_NAMES = Object.keys(REACH_BANDS) as ReachBand[]

/** The language filter's value for posts in languages the analyzer does not read. */
export const UNREAD_LANGUAGES = 'unread'

/** Longest search, in characters. */
export const SEARCH_MAX = 200

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional())

/**
 * The inbox's filters, as the URL carries them: a view and any of network, language (a code,
 * or `unread`: the lead post is in a language the analyzer does not read),
 * sentiment, state, owner (a user id or `none`), picked, reach band, theme (the complaint's
 * lead post is in it; a merged theme's id leads to the theme it joined), time window
 * (complaints with at least one complaint post written in [`from`, `to`); either end may be
 * left open) and a full-text search over post text and author handles and names.
 */
const InboxFilterFields = z.object({
  network: optional(z.string().max(40)),
  lang: optional(
    z
      .string()
      .regex(
        new RegExp(`^([a-z]{2,3}|${UNREAD_LANGUAGES})$`),
        `must be a language code or ${UNREAD_LANGUAGES}`,
      ),
  ),
  sentiment: optional(z.enum(SENTIMENT_LABELS)),
  state: optional(z.enum(COMPLAINT_STATES)),
  owner: optional(z.union([z.uuid('must be a user id or none'), z.literal('none')])),
  picked: optional(z.enum(['yes', 'no'], 'must be yes or no')),
  reach: optional(z.enum(REACH_BAND_NAMES)),
  theme: optional(z.uuid('must be a theme id')),
  from: optional(z.iso.datetime({ offset: true, message: 'must be an ISO time' })),
  to: optional(z.iso.datetime({ offset: true, message: 'must be an ISO time' })),
  q: optional(z.string().trim().max(SEARCH_MAX, `must be at most ${SEARCH_MAX} characters`)),
})

/** A range that ends before it starts is a mistake to name, not an empty inbox to show. */
const checkRange = (f: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (f.from && f.to && Date.parse(f.from) > Date.parse(f.to))
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' })
}

export const InboxFiltersSchema = InboxFilterFields.superRefine(checkRange)
export type InboxFilters = z.infer<typeof InboxFiltersSchema>

export const InboxQuery = InboxFilterFields.extend({
  view: z.enum(INBOX_VIEWS).default('open'),
  /** Where the previous page ended (its `nextCursor`). */
  cursor: optional(z.string().regex(/^-?[0-9.e+-]+~[0-9a-f-]{36}$/i, 'must be a page cursor')),
  /** A page fills two screens of the console's list; it loads the next as one scrolls. */
  limit: z.coerce.number().int().min(1).max(500).default(50),
}).superRefine(checkRange)
export type InboxQuery = z.infer<typeof InboxQuery>

/** One page of a view, highest priority first, and the event seq it is consistent with. */
export const InboxPageSchema = z.object({
  data: z.array(ComplaintViewSchema),
  nextCursor: z.string().nullable(),
  seq: z.number().int(),
})
export type InboxPage = z.infer<typeof InboxPageSchema>

/**
 * Counts stop past this: a count above it reads "1,000+" (counting walks a view's index, so a
 * capped count costs the same at a thousand complaints as at a million).
 */
export const INBOX_COUNT_CAP = 1_000

/**
 * Counts under a search stop sooner: a searched count tests each complaint's words in the
 * table (not in a view's index), so counting to a thousand in eight views read ~40,000 rows
 * while a search was typed. A hundred tells a narrow search from a broad one as well.
 */
export const INBOX_SEARCH_COUNT_CAP = 100

/** Where the counts under `filters` stop: a count above it reads "cap+". */
export const countCapOf = (filters: { q?: string }) =>
  filters.q ? INBOX_SEARCH_COUNT_CAP : INBOX_COUNT_CAP

/**
 * How many complaints each view holds under the same filters, each at most `cap` + 1: a count
 * above `cap` means more than `cap` (INBOX_COUNT_CAP, or INBOX_SEARCH_COUNT_CAP under a search).
 */
export const InboxCountsSchema = z.object({
  data: z.record(z.enum(INBOX_VIEWS), z.number().int()),
  cap: z.number().int().positive(),
  seq: z.number().int(),
})
export type InboxCounts = z.infer<typeof InboxCountsSchema>
