import { eq } from 'drizzle-orm'
import type { Queryable } from '../../db/client.js'
import { getBrand } from '../../db/repositories/brands.js'
import {
  listComplainers,
  loadAccounts,
  loadComplainerPosts,
  loadReachHistory,
  type AccountRow,
  type ComplainerHistory,
  type ComplainerRow,
} from '../../db/repositories/complainers.js'
import { people } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'
import { isActive, type ComplaintState } from '../../../shared/triage.js'

const DAY_MS = 86_400_000

/** A brand's complainers of the last `days` days, ranked by impact, with their accounts. */
export async function rankComplainers(
  q: Queryable,
  input: { brandId: string; days: number; limit: number },
): Promise<{ rows: ComplainerRow[]; accounts: AccountRow[] }> {
  await getBrand(q, input.brandId)
  const since = new Date(Date.now() - input.days * DAY_MS)
  const rows = await listComplainers(q, { brandId: input.brandId, since, limit: input.limit })
  const accounts = await loadAccounts(q, {
    brandId: input.brandId,
    authorIds: rows.flatMap((r) => r.author_ids.map(Number)),
    personIds: rows.flatMap((r) => (r.person_id ? [r.person_id] : [])),
  })
  return { rows, accounts }
}

/** A complainer (`p-<person id>` or `a-<author id>`) with its history with the brand. */
export async function loadComplainerHistory(
  q: Queryable,
  input: { brandId: string; key: string },
): Promise<ComplainerHistory> {
  const { brandId, key } = input
  await getBrand(q, brandId)
  const personId = key.startsWith('p-') ? key.slice(2) : null
  const accounts = await loadAccounts(q, {
    brandId,
    authorIds: personId ? [] : [Number(key.slice(2))],
    personIds: personId ? [personId] : [],
  })
  if (!accounts.length) throw new AppError('not_found', 'Complainer not found')
  const [person] = personId ? await q.select().from(people).where(eq(people.id, personId)) : []
  const ids = accounts.map((a) => Number(a.id))
  const posts = await loadComplainerPosts(q, brandId, ids)
  const reachHistory = await loadReachHistory(q, ids)
  const threads = { open: 0, resolved: 0, dismissed: 0 }
  const stateOf = new Map(posts.flatMap((p) => (p.complaintId ? [[p.complaintId, p.state]] : [])))
  // Threads still being worked (new, open, waiting) count as open.
  for (const state of stateOf.values()) {
    if (!state) continue
    const bucket = isActive(state as ComplaintState) ? 'open' : state
    if (bucket in threads) threads[bucket as keyof typeof threads]++
  }
  return { key, personId, personName: person?.name ?? null, accounts, posts, reachHistory, threads }
}
