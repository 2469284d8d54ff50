import { sql } from 'drizzle-orm'
import type { AnnouncementInput } from '../../../shared/schemas/announcements.js'
import type { AppContext } from '../../context.js'
import type { Tx } from '../../db/client.js'
import { getAnnouncement, type AnnouncementRecord } from '../../db/repositories/announcements.js'
import { getBrand } from '../../db/repositories/brands.js'
import { queryRows } from '../../db/rows.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'

interface Actor {
  actorId: string
  ip: string | null
}

/** Records a brand's change or incident, audited in the same transaction. */
export async function createAnnouncement(
  ctx: AppContext,
  input: Actor & { brandId: string; body: AnnouncementInput },
): Promise<AnnouncementRecord> {
  const { body } = input
  await getBrand(ctx.db, input.brandId)
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into announcements (brand_id, kind, title, body, url, effective_at,
            announced_at, created_by)
          values (${input.brandId}::uuid, ${body.kind}, ${body.title}, ${body.body ?? null},
            ${body.url ?? null}, ${body.effectiveAt}::timestamptz,
            ${body.announcedAt}::timestamptz, ${input.actorId}::uuid)
          returning id`,
    )
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'announcement.created',
      subjectType: 'announcement',
      subjectId: row!.id,
      after: { brandId: input.brandId, ...body },
      ip: input.ip,
    })
    return row!.id
  })
  return getAnnouncement(ctx.db, { brandId: input.brandId, announcementId: id })
}

/**
 * Deletes a change or incident, audited (the audit row keeps what it said). A scoring version's
 * announcement is Firebreak's record of a publication and is refused with 409.
 */
export async function deleteAnnouncement(
  ctx: AppContext,
  input: Actor & { brandId: string; announcementId: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const announcement = await getAnnouncement(tx, input)
    if (announcement.kind === 'scoring_version')
      throw new AppError(
        'conflict',
        'Scoring versions are recorded by Firebreak when published; they cannot be deleted',
      )
    await tx.execute(sql`delete from announcements where id = ${input.announcementId}::uuid`)
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'announcement.deleted',
      subjectType: 'announcement',
      subjectId: input.announcementId,
      before: {
        brandId: announcement.brandId,
        kind: announcement.kind,
        title: announcement.title,
        effectiveAt: announcement.effectiveAt.toISOString(),
        announcedAt: announcement.announcedAt?.toISOString() ?? null,
      },
      ip: input.ip,
    })
  })
}

/**
 * A published scoring version, announced on every brand's charts: one row per brand, in the
 * publishing transaction (versions are global; the charts are per brand). Published now, it
 * was announced when published; with no effective time given it took effect at that moment.
 */
export async function recordScoringAnnouncements(
  tx: Tx,
  version: { id: number; key: string; changelog: string; effectiveAt: Date; announcedAt: Date },
  actorId: string,
): Promise<void> {
  const title = `Scoring ${version.key} published`
  await tx.execute(
    sql`insert into announcements (brand_id, kind, title, body, effective_at, announced_at,
          scoring_version_id, created_by)
        select id, 'scoring_version', ${title}, ${version.changelog.slice(0, 2000)},
          ${version.effectiveAt.toISOString()}::timestamptz,
          ${version.announcedAt.toISOString()}::timestamptz, ${version.id}, ${actorId}::uuid
        from brands
        on conflict do nothing`,
  )
}
