import { sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { ReplyNetwork } from '../../../shared/replies.js'
import { PutReplyAccountBody, REPLY_CREDENTIALS } from '../../../shared/schemas/replies.js'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import { replyAccounts } from '../../db/schema.js'
import { findReplyAccount, type ReplyAccountRow } from '../../db/repositories/reply-accounts.js'
import { AppError } from '../../lib/app-error.js'
import { parse } from '../../lib/parse.js'
import { assertPublicUrl } from '../../lib/ssrf.js'
import { recordAudit } from '../audit/record-audit.js'

/** The credentials of one network's reply account, as sealed. */
export type ReplyCredentials<N extends ReplyNetwork = ReplyNetwork> = z.infer<
  (typeof REPLY_CREDENTIALS)[N]
>

/**
 * Creates or replaces a brand's reply account on a network with its credentials, sealed on
 * arrival. The audit row says what changed around them, never the credentials themselves.
 */
export async function putReplyAccount(
  ctx: AppContext,
  input: {
    brandId: string
    network: ReplyNetwork
    body: z.infer<typeof PutReplyAccountBody>
    actorId: string
    ip: string | null
  },
): Promise<ReplyAccountRow> {
  const { brandId, network, body } = input
  const credentials = parse(REPLY_CREDENTIALS[network], body.credentials, `${network} credentials`)
  if (network === 'mastodon' && !body.baseUrl)
    throw new AppError('invalid_request', 'A Mastodon reply account needs its instance: baseUrl', [
      { path: 'baseUrl', message: "the instance's address, e.g. https://mastodon.example" },
    ])
  // The workers post to it with the brand's credentials: never to a private address.
  if (body.baseUrl) await assertPublicUrl(body.baseUrl, { allowlist: ctx.config.ssrfAllowlist })
  await getBrand(ctx.db, brandId)
  const values = {
    handle: body.handle,
    externalId: body.externalId ?? null,
    baseUrl: body.baseUrl?.replace(/\/$/, '') ?? null,
    maxChars: body.maxChars ?? null,
    secretsCiphertext: ctx.secrets.seal(JSON.stringify(credentials)),
    blockedUntil: null,
  }
  return ctx.db.transaction(async (tx) => {
    const before = await findReplyAccount(tx, brandId, network)
    const [row] = await tx
      .insert(replyAccounts)
      .values({ brandId, network, ...values })
      .onConflictDoUpdate({
        target: [replyAccounts.brandId, replyAccounts.network],
        set: { ...values, updatedAt: sql`now()` },
      })
      .returning()
    const shown = (r: ReplyAccountRow | null) =>
      r && { handle: r.handle, externalId: r.externalId, baseUrl: r.baseUrl, maxChars: r.maxChars }
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'reply_account.credentials_changed',
      subjectType: 'brand',
      subjectId: brandId,
      before: before && { network, ...shown(before) },
      after: { network, ...shown(row!), credentials: Object.keys(credentials) },
      ip: input.ip,
    })
    return row!
  })
}

/** Opens an account's credentials for one delivery; they stay in the worker's memory only. */
export function openReplyCredentials<N extends ReplyNetwork>(
  ctx: AppContext,
  account: ReplyAccountRow,
  network: N,
): ReplyCredentials<N> | null {
  if (!account.secretsCiphertext) return null
  return REPLY_CREDENTIALS[network].parse(
    JSON.parse(ctx.secrets.open(account.secretsCiphertext)),
  ) as ReplyCredentials<N>
}
