import { eq, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type {
  CreateCannedResponseBody,
  UpdateCannedResponseBody,
} from '../../../shared/schemas/canned-responses.js'
import type { Db, Tx } from '../../db/client.js'
import {
  findCannedByShortcut,
  loadCannedResponse,
  type CannedResponseRecord,
} from '../../db/repositories/canned-responses.js'
import { getBrand } from '../../db/repositories/brands.js'
import { cannedResponses } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'

interface Actor {
  actorId: string
  ip: string | null
}

/** What the audit row keeps of a canned response: all of it (it holds no secret). */
const auditView = (r: { title: string; body: string; shortcut: string | null }) => ({
  title: r.title,
  body: r.body,
  shortcut: r.shortcut,
})

/** 409 when another canned response of the brand holds the shortcut. */
async function checkShortcutFree(tx: Tx, brandId: string, shortcut: string, exceptId?: string) {
  const holder = await findCannedByShortcut(tx, brandId, shortcut)
  if (holder && holder.id !== exceptId)
    throw new AppError(
      'conflict',
      `The shortcut /${shortcut} is already "${holder.title}"'s; choose another`,
    )
}

// Two advisers taking one shortcut at once: the second meets the unique index, not a 500.
async function withShortcutGuard<T>(shortcut: string | null | undefined, run: () => Promise<T>) {
  try {
    return await run()
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause ?? err
    if ((cause as { code?: string }).code === '23505' && shortcut)
      throw new AppError('conflict', `The shortcut /${shortcut} was just taken; choose another`)
    throw err
  }
}

/** Adds a canned response to a brand, audited in the same transaction. */
export async function createCannedResponse(
  db: Db,
  input: Actor & { brandId: string; body: z.infer<typeof CreateCannedResponseBody> },
): Promise<CannedResponseRecord> {
  const { body } = input
  await getBrand(db, input.brandId)
  const id = await withShortcutGuard(body.shortcut, () =>
    db.transaction(async (tx) => {
      if (body.shortcut) await checkShortcutFree(tx, input.brandId, body.shortcut)
      const [row] = await tx
        .insert(cannedResponses)
        .values({
          brandId: input.brandId,
          title: body.title,
          body: body.body,
          shortcut: body.shortcut ?? null,
          createdBy: input.actorId,
          updatedBy: input.actorId,
        })
        .returning()
      await recordAudit(tx, {
        actorId: input.actorId,
        action: 'canned_response.created',
        subjectType: 'canned_response',
        subjectId: row!.id,
        after: { brandId: input.brandId, ...auditView(row!) },
        ip: input.ip,
      })
      return row!.id
    }),
  )
  return (await loadCannedResponse(db, id))!
}

async function lockCanned(tx: Tx, id: string) {
  const [row] = await tx
    .select()
    .from(cannedResponses)
    .where(eq(cannedResponses.id, id))
    .for('update')
  if (!row) throw new AppError('not_found', 'Canned response not found')
  return row
}

/** Changes the fields sent of a canned response, audited with before and after. */
export async function updateCannedResponse(
  db: Db,
  input: Actor & { cannedId: string; body: z.infer<typeof UpdateCannedResponseBody> },
): Promise<CannedResponseRecord> {
  const { body } = input
  await withShortcutGuard(body.shortcut, () =>
    db.transaction(async (tx) => {
      const before = await lockCanned(tx, input.cannedId)
      if (body.shortcut) await checkShortcutFree(tx, before.brandId, body.shortcut, before.id)
      const [after] = await tx
        .update(cannedResponses)
        .set({
          ...(body.title !== undefined && { title: body.title }),
          ...(body.body !== undefined && { body: body.body }),
          ...(body.shortcut !== undefined && { shortcut: body.shortcut }),
          updatedBy: input.actorId,
          updatedAt: sql`now()`,
        })
        .where(eq(cannedResponses.id, before.id))
        .returning()
      await recordAudit(tx, {
        actorId: input.actorId,
        action: 'canned_response.updated',
        subjectType: 'canned_response',
        subjectId: before.id,
        before: auditView(before),
        after: auditView(after!),
        ip: input.ip,
      })
    }),
  )
  return (await loadCannedResponse(db, input.cannedId))!
}

/** Deletes a canned response; the audit row keeps what it said. */
export async function deleteCannedResponse(
  db: Db,
  input: Actor & { cannedId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockCanned(tx, input.cannedId)
    await tx.delete(cannedResponses).where(eq(cannedResponses.id, before.id))
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'canned_response.deleted',
      subjectType: 'canned_response',
      subjectId: before.id,
      before: { brandId: before.brandId, ...auditView(before) },
      ip: input.ip,
    })
  })
}
