/** Display helpers: numbers, times, networks, and defensive handling of untrusted text. */

const compactFormat = new Intl.NumberFormat('en', {
  notation: 'compact',
  maximumFractionDigits: 1,
})
const integerFormat = new Intl.NumberFormat('en')

/** 12400 -> "12.4k", 3_100_000 -> "3.1M"; null -> "—". */
export function compact(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  return compactFormat.format(n).replace('K', 'k')
}

export function integer(n: number): string {
  return integerFormat.format(n)
}

/** A signed number with a real minus sign: -0.72 -> "−0.72". */
export function signed(n: number, digits = 2): string {
  const fixed = Math.abs(n).toFixed(digits)
  if (Number(fixed) === 0) return fixed
  return `${n < 0 ? '\u2212' : '+'}${fixed}`
}

const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

/** "now", "42s", "5m", "3h", "2d", then a short date. */
export function relativeTime(iso: string, now: number): string {
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return '—'
  const seconds = Math.round((now - then) / 1000)
  if (seconds < 5) return 'now'
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours}h`
  const days = Math.floor(hours / 24)
  if (days < 7) return `${days}d`
  return shortDate.format(then)
}

/** "12s ago", for ages in milliseconds. */
export function ago(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000))
  if (seconds < 60) return `${seconds}s ago`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ago`
  const hours = Math.floor(minutes / 60)
  return `${hours}h ${minutes % 60}m ago`
}

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const clockSecondsFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})
const dayClockFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** "08:12" today, "Mar 3, 08:12" another day; with `seconds`, "08:12:05" (for "read at"). */
export function clockTime(at: string | number, options: { seconds?: boolean } = {}): string {
  const time = typeof at === 'number' ? at : Date.parse(at)
  if (Number.isNaN(time)) return String(at)
  if (options.seconds) return clockSecondsFormat.format(time)
  const today = new Date().toDateString() === new Date(time).toDateString()
  return (today ? clockFormat : dayClockFormat).format(time)
}

export function absoluteTime(iso: string): string {
  const time = Date.parse(iso)
  return Number.isNaN(time) ? iso : fullDate.format(time)
}

export type PriorityLevel = 'critical' | 'high' | 'medium' | 'low'

/** The colour band of a priority 0-100 (also spelled out, so colour is never the only cue). */
export function priorityLevel(priority: number): PriorityLevel {
  if (priority >= 70) return 'critical'
  if (priority >= 50) return 'high'
  if (priority >= 30) return 'medium'
  return 'low'
}

export interface Network {
  /** A CSS-safe key: a known network, or "other". */
  key: 'bluesky' | 'mastodon' | 'x' | 'reddit' | 'hackernews' | 'rss' | 'other'
  label: string
}

const NETWORKS: Record<string, Network> = {
  bluesky: { key: 'bluesky', label: 'Bluesky' },
  mastodon: { key: 'mastodon', label: 'Mastodon' },
  x: { key: 'x', label: 'X' },
  twitter: { key: 'x', label: 'X' },
  reddit: { key: 'reddit', label: 'Reddit' },
  hackernews: { key: 'hackernews', label: 'Hacker News' },
  hn: { key: 'hackernews', label: 'Hacker News' },
  rss: { key: 'rss', label: 'RSS' },
}

/** A source as a network badge; unknown sources (hosts such as forum.example.com) as "other". */
export function network(name: string): Network {
  return NETWORKS[name.toLowerCase()] ?? { key: 'other', label: clip(name, 40) }
}

/** "@name", unless the handle already carries its own sigil (@, u/, /u/). */
export function displayHandle(handle: string): string {
  const clipped = clip(handle, 80)
  return /^(@|u\/|\/u\/)/.test(clipped) ? clipped : `@${clipped}`
}

/** The href of a post link, only for absolute http(s) URLs; anything else gets no link. */
export function safeHttpUrl(url: string | null): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null
  } catch {
    return null
  }
}

/** Most characters of a post the list renders (the API already sends at most 2000). */
export const MAX_DISPLAY_CHARS = 2000
/** Longest run of combining marks kept: enough for real scripts, not for zalgo towers. */
const COMBINING_RUN = /(\p{M}{4})\p{M}+/gu

/** Untrusted text made safe to lay out (it is still rendered as text, never as HTML). */
export function displayText(
  text: string,
  sourceLength: number,
): {
  text: string
  truncated: boolean
} {
  let out = text.length > MAX_DISPLAY_CHARS ? text.slice(0, MAX_DISPLAY_CHARS) : text
  out = out.replace(COMBINING_RUN, '$1').toWellFormed()
  const truncated = text.length > MAX_DISPLAY_CHARS || sourceLength > text.length
  return { text: out, truncated }
}

/** At most `max` UTF-16 units, cut on a well-formed boundary, with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max).toWellFormed()}…` : text
}

/** Bidi overrides, isolates and marks, and C0/C1 controls other than tab and line breaks. */
function isInvisibleControl(cp: number): boolean {
  return (
    (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069)
  )
}

/**
 * Raw text for inspection (rejected payloads): invisible controls that could reorder or hide
 * what is shown become visible `<U+202E>` markers, so the text reads as it was received.
 */
export function revealControls(text: string): string {
  let out = ''
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    out += isInvisibleControl(cp) ? `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>` : ch
  }
  return out
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' })

/** "English", "German"; the code itself when the browser has no name for it; null for "und". */
export function languageName(code: string | null): string | null {
  if (!code || code === 'und') return null
  try {
    return languageNames.of(code) ?? code
  } catch {
    return code
  }
}
