import { z } from 'zod'
import { unknownVariablesMessage } from '../reply-variables.js'

/** A shortcut name: typed after `/` in the picker, so short, lower case, no spaces. */
export const CANNED_SHORTCUT = /^[a-z0-9][a-z0-9_-]{0,31}$/u

const Body = z
  .string()
  .trim()
  .min(1, 'a canned response needs a body')
  .max(5_000)
  .superRefine((body, ctx) => {
    const message = unknownVariablesMessage(body)
    if (message) ctx.addIssue({ code: 'custom', message })
  })

const Shortcut = z
  .string()
  .trim()
  .regex(CANNED_SHORTCUT, 'a shortcut is 1 to 32 lower-case letters, digits, - or _')

/** A new canned response of a brand. An empty shortcut is none. */
export const CreateCannedResponseBody = z.object({
  title: z.string().trim().min(1, 'a canned response needs a title').max(200),
  body: Body,
  shortcut: z.union([z.literal('').transform(() => null), Shortcut]).nullish(),
})

/** A change to a canned response: only the fields sent change; `shortcut: null` removes it. */
export const UpdateCannedResponseBody = CreateCannedResponseBody.partial().refine(
  (b) => Object.keys(b).length > 0,
  'nothing to change: send a title, a body or a shortcut',
)

export const CannedResponseParams = z.object({ cannedId: z.uuid('must be a canned response id') })

/** A canned response as the API shows it; its body holds `{{variables}}`, unfilled. */
export const CannedResponseViewSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  title: z.string(),
  body: z.string(),
  shortcut: z.string().nullable(),
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  updatedAt: z.string(),
})
export type CannedResponseView = z.infer<typeof CannedResponseViewSchema>
