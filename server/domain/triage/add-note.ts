import { sql } from 'drizzle-orm'
import type { CreateNoteBody } from '../../../shared/schemas/notes.js'
import type { AppContext } from '../../context.js'
import { insertNotifications } from '../../db/repositories/notifications.js'
import { loadNotes, type NoteRecord } from '../../db/repositories/notes.js'
import { queryRows } from '../../db/rows.js'
import { complaintNotes } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'
import { checkTriagers } from './triagers.js'

/**
 * Adds a private note to a complaint's thread in one transaction with its audit row and a
 * notification for each colleague it mentions (who must be able to triage). Returns the note
 * and the notifications to push after commit. The audit row records who mentioned whom, not
 * the text.
 */
export async function addNote(
  ctx: AppContext,
  input: CreateNoteBody & { complaintId: string; actorId: string; ip: string | null },
): Promise<{ note: NoteRecord; brandId: string; notificationIds: number[] }> {
  const mentions = [...new Set(input.mentions)]
  return ctx.db.transaction(async (tx) => {
    const [complaint] = await queryRows<{ brand_id: string }>(
      tx,
      sql`select brand_id from complaints where id = ${input.complaintId}::uuid`,
    )
    if (!complaint) throw new AppError('not_found', 'Complaint not found')
    await checkTriagers(tx, mentions, 'mentions')
    const [row] = await tx
      .insert(complaintNotes)
      .values({
        complaintId: input.complaintId,
        authorId: input.actorId,
        body: input.body,
        mentions,
      })
      .returning({ id: complaintNotes.id })
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'complaint.note_added',
      subjectType: 'complaint',
      subjectId: input.complaintId,
      after: { noteId: row!.id, mentions },
      ip: input.ip,
    })
    const notificationIds = await insertNotifications(
      tx,
      mentions.map((userId) => ({
        userId,
        kind: 'mentioned' as const,
        complaintId: input.complaintId,
        actorId: input.actorId,
      })),
    )
    const [note] = await loadNotes(tx, input.complaintId, row!.id)
    return { note: note!, brandId: complaint.brand_id, notificationIds }
  })
}
