import { eq, inArray, sql } from 'drizzle-orm'
import type { AppContext } from '../../context.js'
import { authorLinks, authors, people } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'

/**
 * Links accounts as one person (a new one, or an existing one), moving an account that was
 * linked elsewhere. One audit row names the person and each account's previous person, so the
 * link can be read back and undone.
 */
export async function linkAccounts(
  ctx: AppContext,
  input: {
    authorIds: number[]
    personId?: string
    name?: string
    actorId: string
    ip: string | null
  },
): Promise<{ personId: string }> {
  const authorIds = [...new Set(input.authorIds)]
  return ctx.db.transaction(async (tx) => {
    const found = await tx
      .select({ id: authors.id, handle: authors.handle })
      .from(authors)
      .where(inArray(authors.id, authorIds))
    if (found.length !== authorIds.length) throw new AppError('not_found', 'Account not found')
    let personId = input.personId
    if (personId) {
      const [person] = await tx.select().from(people).where(eq(people.id, personId))
      if (!person) throw new AppError('not_found', 'Person not found')
    } else {
      const [person] = await tx
        .insert(people)
        .values({ name: input.name ?? found[0]!.handle, createdBy: input.actorId })
        .returning()
      personId = person!.id
    }
    const before = await tx
      .select({ authorId: authorLinks.authorId, personId: authorLinks.personId })
      .from(authorLinks)
      .where(inArray(authorLinks.authorId, authorIds))
    await tx
      .insert(authorLinks)
      .values(
        authorIds.map((authorId) => ({ authorId, personId: personId!, linkedBy: input.actorId })),
      )
      .onConflictDoUpdate({
        target: authorLinks.authorId,
        set: { personId: sql`excluded.person_id`, linkedBy: input.actorId, linkedAt: sql`now()` },
      })
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'author.linked',
      subjectType: 'person',
      subjectId: personId,
      before: { links: before },
      after: { authorIds },
      ip: input.ip,
    })
    return { personId: personId! }
  })
}

/** Unlinks one account from its person: the reverse of a link, audited the same way. */
export async function unlinkAccount(
  ctx: AppContext,
  input: { authorId: number; actorId: string; ip: string | null },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(authorLinks)
      .where(eq(authorLinks.authorId, input.authorId))
      .returning()
    if (!removed) throw new AppError('not_found', 'That account is not linked')
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'author.unlinked',
      subjectType: 'person',
      subjectId: removed.personId,
      before: { authorId: removed.authorId, personId: removed.personId },
      after: null,
      ip: input.ip,
    })
  })
}
