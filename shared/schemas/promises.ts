import { z } from 'zod'
import { PROMISE_WHAT_MAX } from '../promise-detect.js'
import { PROMISE_STATES, STORED_PROMISE_STATES } from '../promises.js'
import { normalizeText } from '../text.js'

const Text = (max: number, what: string) =>
  z
    .string(`must be text`)
    .transform(normalizeText)
    .pipe(
      z
        .string()
        .trim()
        .min(1, `${what} cannot be empty`)
        .max(max, `must be at most ${max} characters`),
    )

/** A promise made with a reply: what, who keeps it (someone who can triage), by when. */
export const PromiseInput = z.object({
  what: Text(PROMISE_WHAT_MAX, 'what is promised'),
  ownerId: z.uuid('must be a user id'),
  dueAt: z.iso.datetime({ offset: true, message: 'must be an ISO time' }),
})
export type PromiseInput = z.infer<typeof PromiseInput>

/** A promise as the API, the Promises page and the author card show it. `what` is raw text. */
export const PromiseViewSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  complaintId: z.string(),
  replyId: z.string().nullable(),
  /** The person it was made to (the thread's author). */
  author: z.object({ id: z.number().int(), handle: z.string(), network: z.string() }),
  what: z.string(),
  owner: z.object({ id: z.string(), name: z.string() }),
  dueAt: z.string(),
  /** Stored state. */
  stored: z.enum(STORED_PROMISE_STATES),
  /** State at `asOf`: open, due soon, overdue, kept or broken. */
  state: z.enum(PROMISE_STATES),
  asOf: z.string(),
  remindedAt: z.string().nullable(),
  overdueAt: z.string().nullable(),
  /** How it was kept or why it was broken. */
  resolution: z
    .object({
      url: z.string().nullable(),
      note: z.string().nullable(),
      by: z.object({ id: z.string(), name: z.string() }).nullable(),
      at: z.string(),
    })
    .nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
})
export type PromiseView = z.infer<typeof PromiseViewSchema>

export const PromiseListSchema = z.object({ data: z.array(PromiseViewSchema), asOf: z.string() })
export type PromiseList = z.infer<typeof PromiseListSchema>

/** The Promises page's filters, and the author card's (`authorIds`). */
export const ListPromisesQuery = z.object({
  state: z.enum(PROMISE_STATES).optional(),
  ownerId: z.uuid('must be a user id').optional(),
  authorIds: z
    .string()
    .regex(/^\d+(,\d+){0,49}$/, 'must be up to 50 author ids, comma separated')
    .transform((s) => s.split(',').map(Number))
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
})

export const PromiseParams = z.object({ promiseId: z.uuid('must be a promise id') })

const NOTE_MAX = 1000

/** Kept: a link to where it was kept, or a note saying how (at least one). */
export const KeepPromiseBody = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) address' })
      .max(2000)
      .optional(),
    note: Text(NOTE_MAX, 'the note').optional(),
  })
  .refine((b) => b.url || b.note, {
    path: ['note'],
    message: 'say how it was kept: a link (url) or a note',
  })

/** Broken: a note saying why (and what was said to the person). */
export const BreakPromiseBody = z.object({ note: Text(NOTE_MAX, 'the note') })

/** The test clock (only where FIREBREAK_TEST_CLOCK=1): move "now" forward, or back to zero. */
export const AdvanceClockBody = z.object({
  advanceMs: z
    .number()
    .int()
    .min(0)
    .max(366 * 86_400_000)
    .optional(),
  reset: z.literal(true).optional(),
})
export const ClockViewSchema = z.object({ now: z.string(), offsetMs: z.number() })
