import { z } from 'zod'
import { normalizeText } from '../text.js'
import { NetworkSchema, NormalizedPostSchema, type NormalizedPostInput } from './posts.js'

/**
 * Firebreak's custom-source webhook payloads (Standard Webhooks envelope `{type, timestamp,
 * data}`); see the README for the contract producers follow. Its names are the producers'
 * (`source` for the network, `created_at` for the time posted), mapped onto ours here.
 */
const MentionData = z.object({
  id: z.string(),
  source: z.string(),
  kind: z.string().max(64).optional(),
  url: z.string().nullish(),
  created_at: z.string(),
  author: z.object({
    id: z.string(),
    handle: z.string(),
    display_name: z.string().nullish(),
    followers: z.number().nullish(),
    karma: z.number().nullish(),
    verified: z.boolean().nullish(),
  }),
  text: z.string(),
  lang: z.string().nullish(),
  in_reply_to: z.string().nullish(),
  thread_id: z.string().nullish(),
  engagement: z
    .object({
      likes: z.number().optional(),
      replies: z.number().optional(),
      shares: z.number().optional(),
    })
    .optional(),
})

/** Maps the webhook's snake_case mention onto a post; NormalizedPostSchema then validates it. */
function mentionToPost(d: z.infer<typeof MentionData>): NormalizedPostInput {
  return {
    network: d.source,
    externalId: d.id,
    url: d.url,
    text: d.text,
    lang: d.lang,
    postedAt: d.created_at,
    author: {
      externalId: d.author.id,
      handle: d.author.handle,
      displayName: d.author.display_name,
      followers: d.author.followers,
      karma: d.author.karma,
      verified: d.author.verified,
    },
    inReplyTo: d.in_reply_to,
    threadId: d.thread_id,
    engagement: { likes: 0, replies: 0, shares: 0, ...d.engagement },
  }
}

const MentionCreated = z.object({
  type: z.literal('mention.created'),
  timestamp: z.string().optional(),
  data: MentionData.transform(mentionToPost).pipe(NormalizedPostSchema),
})

const MentionDeleted = z.object({
  type: z.literal('mention.deleted'),
  timestamp: z.string().optional(),
  data: z
    .object({
      id: z.string().min(1).max(512).transform(normalizeText),
      source: NetworkSchema,
    })
    .transform(({ id, source }) => ({ id, network: source })),
})

export const WebhookPayloadSchema = z.discriminatedUnion('type', [MentionCreated, MentionDeleted])
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>
