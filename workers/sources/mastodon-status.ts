import { z } from 'zod'
import { NormalizedPostSchema, type NormalizedPost } from '../../shared/schemas/posts.js'
import { toPostRecord, type ParsedRecord } from '../../server/domain/ingest/post-records.js'
import { htmlToText } from '../../server/lib/html-text.js'

/** The fields of a Mastodon Status we read; the rest of the entity passes through unread. */
const AccountSchema = z.object({
  acct: z.string().min(1),
  url: z.string().nullish(),
  display_name: z.string().nullish(),
  followers_count: z.number().int().nullish(),
})
const BaseStatusSchema = z.object({
  id: z.string().regex(/^\d+$/, 'must be a numeric id'),
  uri: z.string().min(1),
  url: z.string().nullish(),
  created_at: z.string(),
  edited_at: z.string().nullish(),
  in_reply_to_id: z.string().nullish(),
  language: z.string().nullish(),
  spoiler_text: z.string().nullish(),
  content: z.string(),
  replies_count: z.number().int().nullish(),
  reblogs_count: z.number().int().nullish(),
  favourites_count: z.number().int().nullish(),
  account: AccountSchema,
})
export const StatusSchema = BaseStatusSchema.extend({ reblog: BaseStatusSchema.nullish() })
export type Status = z.infer<typeof StatusSchema>
type BaseStatus = z.infer<typeof BaseStatusSchema>

/** The status a timeline item stands for: a boost counts as the status it boosts. */
export const original = (s: Status): BaseStatus => s.reblog ?? s

/** Id order: ids are numeric strings beyond 2^53, so they compare as BigInt. */
export const isNewer = (a: string, b: string | null) => b === null || BigInt(a) > BigInt(b)

/**
 * Maps a status onto the post shape and validates it. The identity is the federated `uri`:
 * the same status read through another instance, or boosted, keeps it, while `id` is local to
 * the instance asked and `url` is only a web page (some servers change it, some omit it).
 * `parentUri` is the replied-to status's uri when known (`in_reply_to_id` is a local id).
 */
export function statusToRecord(
  s: BaseStatus,
  ctx: { instanceHost: string; parentUri: string | null },
  raw: string,
): ParsedRecord {
  return toPostRecord(statusToPost(s, ctx), raw)
}

export function statusToPost(
  s: BaseStatus,
  ctx: { instanceHost: string; parentUri: string | null },
) {
  // A local account's acct has no domain: qualify it so handles are unique across instances.
  const acct = s.account.acct.includes('@')
    ? s.account.acct
    : `${s.account.acct}@${ctx.instanceHost}`
  return {
    network: 'mastodon',
    externalId: s.uri,
    url: s.url ?? s.uri,
    text: statusText(s),
    lang: s.language ?? null,
    postedAt: s.created_at,
    author: {
      externalId: s.account.url || acct,
      handle: acct,
      displayName: s.account.display_name || null,
      followers: s.account.followers_count ?? null,
      verified: null,
    },
    inReplyTo: ctx.parentUri,
    engagement: {
      likes: s.favourites_count ?? 0,
      replies: s.replies_count ?? 0,
      shares: s.reblogs_count ?? 0,
    },
  }
}

/**
 * A status seen before as an edit, when its `edited_at` is newer than the one seen (`seen`),
 * validated; null when it is not newer or does not validate.
 */
export function editIfNewer(
  s: BaseStatus,
  seen: string | null,
  ctx: { instanceHost: string; parentUri: string | null },
): NormalizedPost | null {
  if (!s.edited_at || (seen && !(Date.parse(s.edited_at) > Date.parse(seen)))) return null
  const edit = NormalizedPostSchema.safeParse(statusToPost(s, ctx))
  return edit.success ? edit.data : null
}

/** The content warning (spoiler text) reads before the body: it often names the subject. */
export function statusText(s: Pick<BaseStatus, 'spoiler_text' | 'content'>): string {
  return [s.spoiler_text?.trim(), htmlToText(s.content)].filter(Boolean).join('\n\n')
}
