import type {
  ComplainerAccount,
  ComplainerDetail,
  ComplainerView,
} from '../../shared/schemas/complainers.js'
import type {
  AccountRow,
  ComplainerHistory,
  ComplainerRow,
} from '../db/repositories/complainers.js'

const num = (v: string | number | null) => (v === null ? null : Number(v))

export function presentAccount(row: AccountRow): ComplainerAccount {
  return {
    authorId: Number(row.id),
    network: row.network,
    handle: row.handle,
    displayName: row.display_name,
    followers: num(row.followers),
    karma: num(row.karma),
    verified: row.verified,
    reach: row.reach,
  }
}

/** A ranked complainer with its accounts: a person's linked accounts, or the one account. */
export function presentComplainer(row: ComplainerRow, accounts: AccountRow[]): ComplainerView {
  const ids = new Set(row.author_ids.map(Number))
  const mine = accounts.filter((a) =>
    row.person_id ? a.person_id === row.person_id : ids.has(Number(a.id)),
  )
  return {
    key: row.key,
    personId: row.person_id,
    name: row.person_name ?? mine[0]?.display_name ?? mine[0]?.handle ?? row.key,
    accounts: mine.map(presentAccount),
    complaints: row.complaints,
    impact: Math.round(row.impact * 100) / 100,
    lastComplaintAt: new Date(row.last_at).toISOString(),
  }
}

/** A complainer's history with a brand: accounts, complaint posts, reach over time, threads. */
export function presentComplainerDetail(history: ComplainerHistory): ComplainerDetail {
  const first = history.accounts[0]
  return {
    complainer: {
      key: history.key,
      personId: history.personId,
      name: history.personName ?? first?.display_name ?? first?.handle ?? history.key,
      accounts: history.accounts.map(presentAccount),
    },
    posts: history.posts.map((p) => ({
      ...p,
      postedAt: p.postedAt.toISOString(),
      state: p.state as ComplainerDetail['posts'][number]['state'],
      outcome: p.outcome && { ...p.outcome, at: p.outcome.at.toISOString() },
    })),
    reachHistory: history.reachHistory.map((h) => ({
      ...h,
      computedAt: h.computedAt.toISOString(),
    })),
    threads: history.threads,
  }
}
