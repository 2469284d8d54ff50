import crypto from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { AppContext } from '../../context.js'
import type { Queryable } from '../../db/client.js'
import { getBrand } from '../../db/repositories/brands.js'
import { getSource, type SourceRow } from '../../db/repositories/sources.js'
import { sources } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { generateWebhookSecret } from '../../auth/webhook-signature.js'
import { recordAudit } from '../audit/record-audit.js'

/** Credentials of a source, as sealed in `secrets_ciphertext`. */
const SourceSecretsSchema = z.object({ webhookSecrets: z.array(z.string()).default([]) })

/** The webhook signing secrets a source accepts (current first, then retired ones). */
export function webhookSecretsOf(ctx: AppContext, source: SourceRow): string[] {
  if (!source.secretsCiphertext) return []
  return SourceSecretsSchema.parse(JSON.parse(ctx.secrets.open(source.secretsCiphertext)))
    .webhookSecrets
}

/**
 * Creates a webhook source for a brand with a fresh signing secret, or with the one given
 * (to register an existing producer). The secret is returned here once and never again.
 */
export async function createWebhookSource(
  ctx: AppContext,
  input: {
    brandId: string
    name: string
    secret?: string
    actorId: string | null
    ip?: string | null
  },
): Promise<{ source: SourceRow; secret: string }> {
  await getBrand(ctx.db, input.brandId)
  const secret = input.secret ?? generateWebhookSecret()
  const source = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(sources)
      .values({
        id: `src_${crypto.randomBytes(9).toString('base64url')}`,
        brandId: input.brandId,
        kind: 'webhook',
        name: input.name,
        secretsCiphertext: sealSecrets(ctx, [secret]),
      })
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'source.created',
      subjectType: 'source',
      subjectId: row!.id,
      after: { kind: 'webhook', name: input.name, brandId: input.brandId },
      ip: input.ip,
    })
    return row!
  })
  return { source, secret }
}

/** Replaces a webhook source's accepted secrets (rotation: new first, retired after). */
export async function setWebhookSecrets(
  ctx: AppContext,
  input: { sourceId: string; secrets: string[]; actorId: string; ip: string | null },
): Promise<SourceRow> {
  return ctx.db.transaction(async (tx) => {
    const source = await getSource(tx, input.sourceId)
    if (source.kind !== 'webhook')
      throw new AppError('conflict', 'Only webhook sources take signing secrets')
    const [row] = await tx
      .update(sources)
      .set({ secretsCiphertext: sealSecrets(ctx, input.secrets), updatedAt: sql`now()` })
      .where(eq(sources.id, input.sourceId))
      .returning()
    // The audit row says that they changed and how many there are, never what they are.
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'source.credentials_changed',
      subjectType: 'source',
      subjectId: input.sourceId,
      after: { webhookSecrets: input.secrets.length },
      ip: input.ip,
    })
    return row!
  })
}

const sealSecrets = (ctx: AppContext, webhookSecrets: string[]) =>
  ctx.secrets.seal(JSON.stringify({ webhookSecrets }))

/**
 * Creates or updates a source whose id the caller chooses (the demo, a replay of a file).
 * The cursor is reset only when asked, so a restart resumes where it stopped.
 */
export async function upsertSource(
  q: Queryable,
  input: {
    id: string
    brandId: string
    kind: string
    name: string
    config: unknown
    resetCursor?: boolean
  },
): Promise<SourceRow> {
  const [row] = await q
    .insert(sources)
    .values({ ...input, enabled: true })
    .onConflictDoUpdate({
      target: sources.id,
      set: {
        name: input.name,
        config: input.config,
        enabled: true,
        updatedAt: sql`now()`,
        ...(input.resetCursor ? { cursor: null } : {}),
      },
    })
    .returning()
  return row!
}
