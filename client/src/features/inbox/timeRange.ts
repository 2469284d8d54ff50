import { InboxFiltersSchema } from '../../../../shared/schemas/inbox.js'

const HOUR = 3_600_000

/** The time range's presets: how far back from now `from` reaches, with `to` left open. */
export const RANGE_PRESETS = {
  '1h': { label: 'Last hour', ms: HOUR },
  '24h': { label: 'Last 24 hours', ms: 24 * HOUR },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * HOUR },
} as const
export type RangePreset = keyof typeof RANGE_PRESETS

/**
 * The preset a range is, if any. The URL holds instants, not "last hour": a preset still reads
 * as itself a while after it was picked (a twelfth of its reach), and later as the fixed range
 * it has become, so the filter never claims a window it no longer is.
 */
export function presetOf(
  from: string | undefined,
  to: string | undefined,
  now: number,
): RangePreset | null {
  if (!from || to) return null
  const at = Date.parse(from)
  const found = Object.entries(RANGE_PRESETS).find(
    ([, p]) => Math.abs(now - p.ms - at) <= p.ms / 12,
  )
  return (found?.[0] as RangePreset | undefined) ?? null
}

const pad = (n: number) => String(n).padStart(2, '0')

/** An instant as a datetime-local input shows it (`YYYY-MM-DDTHH:mm`, the browser's zone). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A custom range as typed, checked: the instants for the URL, or what to fix. */
export type RangeCheck =
  { ok: true; from: string | null; to: string | null } | { ok: false; error: string }

/**
 * Checks two datetime-local values (local time; empty leaves that end open) with the API's own
 * schema, and asks for a start strictly before the end (the range is `from` ≤ t < `to`).
 */
export function checkRange(fromInput: string, toInput: string): RangeCheck {
  if (!fromInput && !toInput) return { ok: false, error: 'Choose a start, an end, or both.' }
  const instant = (value: string) => (value ? new Date(value) : null)
  const from = instant(fromInput)
  const to = instant(toInput)
  const field = InboxFiltersSchema.shape.from
  for (const [name, at] of [
    ['From', from],
    ['To', to],
  ] as const) {
    if (at && (Number.isNaN(at.getTime()) || !field.safeParse(at.toISOString()).success))
      return { ok: false, error: `${name} is not a date and time the inbox can use.` }
  }
  if (from && to && from.getTime() >= to.getTime())
    return { ok: false, error: 'From must be before To.' }
  return { ok: true, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null }
}

/** A range in words, short enough for a chip: "Mar 3, 14:00 – Mar 5, 09:30", "since …". */
export function describeRange(from: string | undefined, to: string | undefined, now: Date): string {
  const text = (iso: string) => {
    const at = new Date(iso)
    return at.toLocaleString(undefined, {
      month: 'short',
      day: 'numeric',
      year: at.getFullYear() === now.getFullYear() ? undefined : 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    })
  }
  if (from && to) return `${text(from)} – ${text(to)}`
  if (from) return `since ${text(from)}`
  if (to) return `before ${text(to)}`
  return 'any time'
}
