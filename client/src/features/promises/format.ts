/** "Fri 4 Dec, 17:00": a due time in the reader's time zone, the weekday first. */
export function dueText(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))
}

/** An ISO instant as a `datetime-local` input's value, in the reader's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A `datetime-local` value back to an ISO instant; null when it is not a time. */
export function fromLocalInput(value: string): string | null {
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

/** "in 3 h", "in 2 days", "1 min overdue": how far a due time is from `now` (ms). */
export function dueDistance(iso: string, now: number): string {
  const ms = Date.parse(iso) - now
  const abs = Math.abs(ms)
  const minutes = Math.max(1, Math.round(abs / 60_000))
  const span =
    minutes < 60
      ? `${minutes} min`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} h`
        : `${Math.round(minutes / 1440)} days`
  return ms > 0 ? `in ${span}` : `${span} overdue`
}
