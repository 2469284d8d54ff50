import { z } from 'zod'
import { toPostRecord, type ParsedRecord } from '../../server/domain/ingest/post-records.js'

/** An expanded author (`includes.users[]`): the fields the mapping reads. */
export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  verified: z.boolean().optional(),
  public_metrics: z.object({ followers_count: z.number() }).partial().optional(),
})
export type XUser = z.infer<typeof UserSchema>

const TweetSchema = z.object({
  id: z.string().regex(/^\d+$/),
  text: z.string(),
  author_id: z.string(),
  created_at: z.string(),
  lang: z.string().optional(),
  conversation_id: z.string().optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
  public_metrics: z
    .object({
      like_count: z.number(),
      reply_count: z.number(),
      retweet_count: z.number(),
      quote_count: z.number(),
    })
    .partial()
    .optional(),
})

// X's non-language codes: undetermined, media/emoji only, hashtags only, links only, etc.
const NOT_A_LANGUAGE = new Set(['und', 'qme', 'qht', 'qam', 'qct', 'zxx', 'art', 'qst'])

/** A tweet as Firebreak's post shape, validated (a bad one becomes a rejection). */
export function mapTweet(value: unknown, users: Map<string, XUser>): ParsedRecord {
  const raw = JSON.stringify(value).slice(0, 4096)
  const tweet = TweetSchema.safeParse(value)
  if (!tweet.success) return toPostRecord({ network: 'x', ...(value as object) }, raw)
  const t = tweet.data
  const user = users.get(t.author_id)
  const m = t.public_metrics ?? {}
  return toPostRecord(
    {
      network: 'x',
      externalId: t.id,
      url: `https://x.com/${user?.username ?? 'i'}/status/${t.id}`,
      text: t.text,
      lang: t.lang && !NOT_A_LANGUAGE.has(t.lang) ? t.lang : null,
      postedAt: t.created_at,
      threadId: t.conversation_id ?? null,
      inReplyTo: t.referenced_tweets?.find((r) => r.type === 'replied_to')?.id ?? null,
      author: {
        externalId: t.author_id,
        handle: user?.username ?? t.author_id,
        displayName: user?.name ?? null,
        followers: user?.public_metrics?.followers_count ?? null,
        verified: user?.verified ?? null,
      },
      engagement: {
        likes: m.like_count ?? 0,
        replies: m.reply_count ?? 0,
        shares: (m.retweet_count ?? 0) + (m.quote_count ?? 0),
      },
    },
    raw,
  )
}
