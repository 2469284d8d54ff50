import { clip } from '../../lib/format.js'

/** One line of an audit change: a field and its value before and after. */
export interface DiffLine {
  key: string
  kind: 'changed' | 'added' | 'removed'
  before?: string
  after?: string
  /** For lists of plain values: what was added and removed, rather than two whole lists. */
  listAdded?: string[]
  listRemoved?: string[]
}

const MAX_VALUE = 80

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const isPrimitiveList = (v: unknown): v is Array<string | number | boolean | null> =>
  Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')

/** A value as compact JSON, clipped (audit values may carry hostile text: shown as text only). */
export function compactJson(value: unknown): string {
  if (value === undefined) return '—'
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return clip(text, MAX_VALUE)
}

/**
 * What an audit event changed, field by field: unchanged fields are left out, a created
 * subject lists its fields as added, and lists of terms show the terms added and removed.
 */
export function auditDiff(before: unknown, after: unknown): DiffLine[] {
  const hasBefore = before !== null && before !== undefined
  const hasAfter = after !== null && after !== undefined
  if (!hasBefore && !hasAfter) return []
  if (!isRecord(before) && !isRecord(after)) {
    return [
      {
        key: 'value',
        kind: hasBefore && hasAfter ? 'changed' : hasAfter ? 'added' : 'removed',
        before: hasBefore ? compactJson(before) : undefined,
        after: hasAfter ? compactJson(after) : undefined,
      },
    ]
  }
  const b = isRecord(before) ? before : {}
  const a = isRecord(after) ? after : {}
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
  const lines: DiffLine[] = []
  for (const key of keys) {
    const inB = key in b
    const inA = key in a
    if (inB && inA) {
      if (JSON.stringify(b[key]) === JSON.stringify(a[key])) continue
      const bv = b[key]
      const av = a[key]
      if (isPrimitiveList(bv) && isPrimitiveList(av)) {
        const was = new Set(bv.map((x) => JSON.stringify(x)))
        const now = new Set(av.map((x) => JSON.stringify(x)))
        lines.push({
          key,
          kind: 'changed',
          listAdded: [...now].filter((x) => !was.has(x)).map((x) => clip(x, MAX_VALUE)),
          listRemoved: [...was].filter((x) => !now.has(x)).map((x) => clip(x, MAX_VALUE)),
        })
      } else {
        lines.push({ key, kind: 'changed', before: compactJson(bv), after: compactJson(av) })
      }
    } else if (inA) {
      lines.push({ key, kind: 'added', after: compactJson(a[key]) })
    } else {
      lines.push({ key, kind: 'removed', before: compactJson(b[key]) })
    }
  }
  return lines
}
