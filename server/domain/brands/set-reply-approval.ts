import { eq, sql } from 'drizzle-orm'
import type { ApprovalRule } from '../../../shared/approval.js'
import { can, ROLES } from '../../../shared/roles.js'
import type { AppContext } from '../../context.js'
import { approvalRuleOf, getBrand, type BrandRow } from '../../db/repositories/brands.js'
import { queryRows } from '../../db/rows.js'
import { anyOf } from '../../db/unnest.js'
import { brands } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { recordAudit } from '../audit/record-audit.js'

/** Who writes replies: the only people a rule can name. */
const WRITER_ROLES = ROLES.filter((r) => can(r, 'reply.send'))

/**
 * Sets which of a brand's replies need an adviser's approval, with its audit row in the same
 * transaction. Replies already waiting keep waiting: the rule decides when a reply is submitted.
 * A rule naming people names active people who write replies, or it is refused.
 */
export async function setReplyApproval(
  ctx: AppContext,
  input: { brandId: string; rule: ApprovalRule; actorId: string; ip: string | null },
): Promise<BrandRow> {
  const { rule } = input
  const userIds = rule.mode === 'agents' ? [...new Set(rule.userIds)] : []
  return ctx.db.transaction(async (tx) => {
    const before = await getBrand(tx, input.brandId)
    if (userIds.length) {
      const found = await queryRows<{ id: string }>(
        tx,
        sql`select id from users where id = ${anyOf(userIds, 'uuid')} and is_active
            and role in (${sql.join(
              WRITER_ROLES.map((r) => sql`${r}`),
              sql`, `,
            )})`,
      )
      const missing = userIds.filter((id) => !found.some((f) => f.id === id))
      if (missing.length)
        throw new AppError(
          'invalid_request',
          `Not an active user who writes replies: ${missing.join(', ')}`,
          missing.map((id) => ({ path: 'userIds', message: `${id} is not an active agent` })),
        )
    }
    const [after] = await tx
      .update(brands)
      .set({
        approvalMode: rule.mode,
        approvalThreshold: rule.mode === 'above_priority' ? rule.threshold : null,
        approvalUserIds: userIds,
      })
      .where(eq(brands.id, input.brandId))
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'brand.reply_approval_changed',
      subjectType: 'brand',
      subjectId: input.brandId,
      before: approvalRuleOf(before),
      after: approvalRuleOf(after!),
      ip: input.ip,
    })
    return after!
  })
}
