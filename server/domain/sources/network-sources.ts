import crypto from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { toIssues } from '../../../shared/errors.js'
import {
  isSourceKind,
  SOURCE_KINDS,
  type SourceKind,
} from '../../../shared/schemas/source-kinds.js'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import { getSource, type SourceRow } from '../../db/repositories/sources.js'
import { sources } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'

/** A source's credentials, opened from their sealed envelope (a JSON object of strings). */
export function openSourceSecrets(ctx: AppContext, source: SourceRow): Record<string, string> {
  if (!source.secretsCiphertext) return {}
  const value = JSON.parse(ctx.secrets.open(source.secretsCiphertext)) as Record<string, unknown>
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
  )
}

/** The names of the credentials a source holds (the API shows which are set, never values). */
export function secretNamesOf(ctx: AppContext, source: SourceRow): string[] {
  if (source.kind === 'webhook' || !source.secretsCiphertext) return []
  return Object.keys(openSourceSecrets(ctx, source))
}

/** Checks settings and credentials against the kind's schema; a precise 400 names each field. */
function validate(kind: SourceKind, config: unknown, secrets: Record<string, string>) {
  const spec = SOURCE_KINDS[kind]
  const parsedConfig = spec.config.safeParse(config)
  const parsedSecrets = spec.secrets.safeParse(secrets)
  const issues = [
    ...(parsedConfig.success ? [] : toIssues(parsedConfig.error).map(prefixed('config'))),
    ...(parsedSecrets.success ? [] : toIssues(parsedSecrets.error).map(prefixed('secrets'))),
  ]
  if (!parsedConfig.success || !parsedSecrets.success)
    throw new AppError('invalid_request', `Invalid ${spec.label} source`, issues)
  return {
    config: parsedConfig.data as Record<string, unknown>,
    secrets: parsedSecrets.data as Record<string, string>,
  }
}

const prefixed = (root: string) => (issue: { path: string; message: string }) => ({
  ...issue,
  path: issue.path && issue.path !== '(root)' ? `${root}.${issue.path}` : root,
})

const seal = (ctx: AppContext, secrets: Record<string, string>) =>
  Object.keys(secrets).length ? ctx.secrets.seal(JSON.stringify(secrets)) : null

/**
 * Adds a source on a network for a brand. The worker schedules it at its next maintenance
 * pass (within seconds); the first poll starts from the connector's own starting point.
 */
export async function createNetworkSource(
  ctx: AppContext,
  input: {
    brandId: string
    kind: SourceKind
    name: string
    config: unknown
    secrets: Record<string, string>
    actorId: string
    ip: string | null
  },
): Promise<SourceRow> {
  const brand = await getBrand(ctx.db, input.brandId)
  if (brand.archivedAt)
    throw new AppError('conflict', `${brand.name} is archived: restore it before adding sources`)
  const { config, secrets } = validate(input.kind, input.config, input.secrets)
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(sources)
      .values({
        id: `src_${crypto.randomBytes(9).toString('base64url')}`,
        brandId: input.brandId,
        kind: input.kind,
        name: input.name,
        config,
        secretsCiphertext: seal(ctx, secrets),
      })
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'source.created',
      subjectType: 'source',
      subjectId: row!.id,
      // Which credentials were given, never what they are.
      after: { kind: input.kind, name: input.name, config, secrets: Object.keys(secrets) },
      ip: input.ip,
    })
    return row!
  })
}

/**
 * Renames, reconfigures, pauses or resumes a source, or replaces some of its credentials.
 * Resuming clears its failures and circuit, so it is asked at once; new settings or
 * credentials do the same (the admin has just mended what failed).
 */
export async function updateNetworkSource(
  ctx: AppContext,
  input: {
    sourceId: string
    name?: string
    config?: unknown
    secrets?: Record<string, string>
    enabled?: boolean
    actorId: string
    ip: string | null
  },
): Promise<SourceRow> {
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(sources)
      .where(eq(sources.id, input.sourceId))
      .for('update')
    if (!before) throw new AppError('not_found', `Source ${input.sourceId} not found`)
    if (!isSourceKind(before.kind) && (input.config || input.secrets))
      throw new AppError('conflict', `A ${before.kind} source has no settings to change here`)
    let config = before.config as Record<string, unknown>
    let secretsCiphertext = before.secretsCiphertext
    if (isSourceKind(before.kind) && (input.config || input.secrets)) {
      const merged = { ...openSourceSecrets(ctx, before), ...input.secrets }
      for (const [name, value] of Object.entries(merged)) if (value === '') delete merged[name]
      const valid = validate(before.kind, input.config ?? before.config, merged)
      config = valid.config
      secretsCiphertext = seal(ctx, valid.secrets)
    }
    const mended = input.config !== undefined || input.secrets !== undefined || input.enabled
    const [row] = await tx
      .update(sources)
      .set({
        name: input.name ?? before.name,
        enabled: input.enabled ?? before.enabled,
        config,
        secretsCiphertext,
        updatedAt: sql`now()`,
        ...(mended ? { failures: 0, circuitOpenUntil: null, nextPollAt: null } : {}),
      })
      .where(eq(sources.id, input.sourceId))
      .returning()
    const action =
      input.enabled === false
        ? 'source.paused'
        : input.enabled
          ? 'source.resumed'
          : 'source.changed'
    await recordAudit(tx, {
      actorId: input.actorId,
      action,
      subjectType: 'source',
      subjectId: input.sourceId,
      before: { name: before.name, enabled: before.enabled, config: before.config },
      after: {
        name: row!.name,
        enabled: row!.enabled,
        config: row!.config,
        ...(input.secrets ? { secretsChanged: Object.keys(input.secrets) } : {}),
      },
      ip: input.ip,
    })
    return row!
  })
}

export { getSource }
