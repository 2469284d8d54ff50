import { z } from 'zod'
import { REPLY_KINDS, REPLY_NETWORKS, REPLY_STATES } from '../replies.js'
import { unfilledVariablesMessage } from '../reply-variables.js'
import { PromiseInput } from './promises.js'

/** A reply as the API and the thread view show it. Its text is raw: render it as text. */
export const ReplyViewSchema = z.object({
  id: z.string(),
  complaintId: z.string(),
  network: z.string(),
  kind: z.enum(REPLY_KINDS),
  state: z.enum(REPLY_STATES),
  text: z.string(),
  /** The stored post it answers. */
  parentPostId: z.number().int(),
  /** Attempts made so far. */
  attempts: z.number().int(),
  /** When the next attempt is due (a backoff, or the network's rate limit), while queued. */
  nextAttemptAt: z.string().nullable(),
  /** The network's own words when it refused the reply, or why the outcome is unknown. */
  error: z.string().nullable(),
  /** Once sent: its id and address on the network, and the post of the thread it became. */
  externalId: z.string().nullable(),
  url: z.string().nullable(),
  postId: z.number().int().nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** Bumped by each approval step: approve, send back and resubmit name the version they saw. */
  version: z.number().int(),
  /** Its way through approval, when the brand's rule held it (all null/false otherwise). */
  approval: z.object({
    /** Why the rule held it ("priority 72.4, at or above 60"). */
    reason: z.string().nullable(),
    approvedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    approvedAt: z.string().nullable(),
    /** The approving adviser changed the text. */
    edited: z.boolean(),
    /** The last send-back, and its comment for the author (raw: render it as text). */
    returnedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    returnedAt: z.string().nullable(),
    comment: z.string().nullable(),
  }),
})
export type ReplyView = z.infer<typeof ReplyViewSchema>

/** What an agent sends: the text, and which post of the thread it answers (the lead by default). */
export const CreateReplyBody = z.object({
  // A canned response's `{{variable}}` left in would go out to the author as written.
  text: z
    .string()
    .trim()
    .min(1, 'a reply needs text')
    .max(40_000)
    .superRefine((text, ctx) => {
      const message = unfilledVariablesMessage(text)
      if (message) ctx.addIssue({ code: 'custom', message })
    }),
  parentPostId: z.number().int().positive().optional(),
  /** A promise the reply makes, created with it (one transaction) and tracked until kept. */
  promise: PromiseInput.optional(),
})

/** A reply made outside Firebreak, recorded by its address on the network. */
export const RecordReplyElsewhereBody = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be the http(s) address of the reply' }),
  text: z.string().trim().max(40_000).optional(),
  parentPostId: z.number().int().positive().optional(),
})

/**
 * Another attempt, asked for by a person. A reply whose outcome is unknown may have been
 * published: sending it again needs the person to say they checked it is not on the network.
 */
export const RetryReplyBody = z.object({ checkedNotPublished: z.boolean().optional() })

export const ReplyParams = z.object({ replyId: z.uuid('must be a reply id') })

export const ReplyNetworkParams = z.object({
  brandId: z.uuid('must be a brand id'),
  network: z.enum(REPLY_NETWORKS),
})

/** The network's base URL: a PDS, an instance, an API host (tests point it at fakes). */
const BaseUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()

/**
 * A brand's reply account on one network, with its credentials: they are sealed on arrival and
 * never shown again. Which credentials each network takes is its own schema.
 */
export const REPLY_CREDENTIALS = {
  /** An app password, exchanged for a session (com.atproto.server.createSession) per delivery. */
  bluesky: z.object({
    identifier: z.string().min(1).max(300),
    appPassword: z.string().min(1).max(300),
  }),
  mastodon: z.object({ accessToken: z.string().min(1).max(500) }),
  /** An OAuth 2.0 user-context token with tweet.write and tweet.read. */
  x: z.object({ accessToken: z.string().min(1).max(2000) }),
  reddit: z.object({ accessToken: z.string().min(1).max(2000) }),
} as const

export const PutReplyAccountBody = z.object({
  /** How the account is shown: `kredo.bsky.social`, `@kredo@mastodon.example`, `kredo`. */
  handle: z.string().trim().min(1).max(300),
  /** The account's id on the network (a DID, an X user id); looked up when left out. */
  externalId: z.string().trim().min(1).max(300).optional(),
  baseUrl: BaseUrl,
  /** Mastodon: the instance's limit when it is not 500. */
  maxChars: z.number().int().min(1).max(100_000).optional(),
  credentials: z.record(z.string(), z.string()),
})

/** A reply account as the API shows it: whether it has credentials, never what they are. */
export const ReplyAccountViewSchema = z.object({
  brandId: z.string(),
  network: z.enum(REPLY_NETWORKS),
  handle: z.string(),
  externalId: z.string().nullable(),
  baseUrl: z.string().nullable(),
  maxChars: z.number().int().nullable(),
  /** The limit a reply on this account must keep, as the network counts it (for the composer). */
  limit: z.object({
    max: z.number().int(),
    unit: z.enum(['graphemes', 'weighted characters', 'characters']),
  }),
  hasCredentials: z.boolean(),
  /** The network asked us to wait (429) until then. */
  blockedUntil: z.string().nullable(),
  updatedAt: z.string(),
})
export type ReplyAccountView = z.infer<typeof ReplyAccountViewSchema>
