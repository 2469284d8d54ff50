import { promiseState } from '../../shared/promises.js'
import type { PromiseView } from '../../shared/schemas/promises.js'
import type { PromiseRecord } from '../db/repositories/promises.js'

/** A promise as it stands at `now` (the rules' clock): due soon and overdue are read here. */
export function presentPromise(p: PromiseRecord, now: Date): PromiseView {
  return {
    id: p.id,
    brandId: p.brandId,
    complaintId: p.complaintId,
    replyId: p.replyId,
    author: p.author,
    what: p.what,
    owner: p.owner,
    dueAt: p.dueAt.toISOString(),
    stored: p.state,
    state: promiseState(p, now.getTime()),
    asOf: now.toISOString(),
    remindedAt: p.remindedAt && p.remindedAt.toISOString(),
    overdueAt: p.overdueAt && p.overdueAt.toISOString(),
    resolution: p.resolvedAt
      ? {
          url: p.resolutionUrl,
          note: p.resolutionNote,
          by: p.resolvedBy,
          at: p.resolvedAt.toISOString(),
        }
      : null,
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
  }
}
