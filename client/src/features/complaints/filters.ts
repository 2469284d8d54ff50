import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import { network, type Network } from '../../lib/format.js'

export interface NetworkOption {
  key: Network['key']
  label: string
  count: number
}

/** Networks present among the rows, most complaints first ("other" groups every host). */
export function networkOptions(rows: readonly ComplaintView[]): NetworkOption[] {
  const byKey = new Map<Network['key'], NetworkOption>()
  for (const row of rows) {
    const n = network(row.network)
    const label = n.key === 'other' ? 'Other' : n.label
    const option = byKey.get(n.key) ?? { key: n.key, label, count: 0 }
    option.count++
    byKey.set(n.key, option)
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
}

/** Rows matching a free-text query (text, author, source) and a network, order kept. */
export function filterRows(
  rows: readonly ComplaintView[],
  query: string,
  networkKey: Network['key'] | null,
): readonly ComplaintView[] {
  const q = query.trim().toLocaleLowerCase()
  if (!q && !networkKey) return rows
  return rows.filter((row) => {
    if (networkKey && network(row.network).key !== networkKey) return false
    if (!q) return true
    const { text, author } = row.lead
    return (
      text.toLocaleLowerCase().includes(q) ||
      author.handle.toLocaleLowerCase().includes(q) ||
      (author.displayName?.toLocaleLowerCase().includes(q) ?? false) ||
      row.network.toLocaleLowerCase().includes(q)
    )
  })
}
