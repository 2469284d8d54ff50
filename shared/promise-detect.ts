import * as chrono from 'chrono-node'
import { PROMISE_MAX_DAYS } from './promises.js'

/**
 * Finds a promise in a reply's draft: a commitment ("we will", "we'll", "I'll", "we're going
 * to", …) followed, in the same sentence, by a date chrono-node can read ("by Friday",
 * "tomorrow", "within 48 hours"). Shared so that the composer suggests and the server could
 * check with the same rule. Pure: the instant and the time zone are arguments.
 */

/** A promise read from text: what was promised, by when, and the words it was read from. */
export interface DetectedPromise {
  what: string
  /** ISO instant. */
  dueAt: string
  /** The sentence part the commitment starts (for the suggestion's "from the text"). */
  phrase: string
}

export interface DetectOptions {
  /** The instant relative dates are read from ("tomorrow" is the day after this). */
  now: Date
  /** Minutes east of UTC of the writer's (or brand's) time zone; the browser's when omitted. */
  timezoneOffsetMinutes?: number
}

/** Only the start of a long text is read: a promise is made early, and hostile input stays cheap. */
const MAX_SCAN = 5_000
/** A sentence longer than this is read only this far. */
const MAX_SENTENCE = 300
/** What a promise says is clipped to this. */
export const PROMISE_WHAT_MAX = 200

// A commitment: first person, future. "we will not" / "we won't" promise nothing to track.
const COMMITMENT =
  /\b(?:we|i)(?:\s+will|['’]ll|\s+shall|\s+are\s+going\s+to|['’]re\s+going\s+to|\s+am\s+going\s+to|['’]m\s+going\s+to|\s+promise\s+to)\s+(?!not\b|never\b)/i

// Words before a date that belong to it, not to what is promised.
const LEADING_DATE_WORDS =
  /\s*\b(?:by|on|before|until|till|at|in|within|no\s+later\s+than|from)\s*$/i

// Office words chrono does not read, in their meaning: the end of the working day or week.
const OFFICE_WORDS: Array<[RegExp, string]> = [
  [/\b(?:end\s+of\s+(?:the\s+)?(?:business\s+)?day|EOD|COB|close\s+of\s+business)\b/gi, 'today'],
  [/\b(?:end\s+of\s+(?:the\s+)?week|EOW)\b/gi, 'Friday'],
]

/** The clause with office words in words chrono reads (the date part is cut from `what`). */
const officeWords = (clause: string) =>
  OFFICE_WORDS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), clause)

/** The hour a promise for a day without a time is due: the end of the working day. */
const END_OF_DAY_HOUR = 17

/** The first promise in `text`, or null when it makes none with a date. */
export function detectPromise(text: string, options: DetectOptions): DetectedPromise | null {
  const now = options.now
  const offset = options.timezoneOffsetMinutes ?? -now.getTimezoneOffset()
  const sentences = text.slice(0, MAX_SCAN).split(/(?<=[.!?;])\s+|\n+/)
  for (const sentence of sentences) {
    const match = COMMITMENT.exec(sentence.slice(0, MAX_SENTENCE))
    if (!match) continue
    const clause = officeWords(sentence.slice(match.index + match[0].length, MAX_SENTENCE))
    const found = readDue(clause, now, offset)
    if (!found) continue
    const what = describe(clause, found.index, found.text)
    if (!what) continue
    return {
      what,
      dueAt: found.due.toISOString(),
      phrase: sentence.slice(match.index, MAX_SENTENCE).trim(),
    }
  }
  return null
}

/** The first date in a clause, due in the future and within PROMISE_MAX_DAYS. */
function readDue(
  clause: string,
  now: Date,
  offset: number,
): { due: Date; index: number; text: string } | null {
  const results = chrono.en.parse(clause, { instant: now, timezone: offset }, { forwardDate: true })
  for (const r of results) {
    const due = dueOf(r.start, offset)
    if (due.getTime() <= now.getTime()) continue
    if (due.getTime() - now.getTime() > PROMISE_MAX_DAYS * 86_400_000) continue
    return { due, index: r.index, text: r.text }
  }
  return null
}

/** A date chrono read; a day without a time is due at the end of that working day. */
function dueOf(start: chrono.ParsedComponents, offset: number): Date {
  if (start.isCertain('hour')) return start.date()
  const y = start.get('year')!
  const m = start.get('month')!
  const d = start.get('day')!
  return new Date(Date.UTC(y, m - 1, d, END_OF_DAY_HOUR, 0) - offset * 60_000)
}

/** What is promised: the clause without the date and the words that lead to it. */
function describe(clause: string, dateIndex: number, dateText: string): string {
  const before = clause.slice(0, dateIndex).replace(LEADING_DATE_WORDS, '')
  const after = clause.slice(dateIndex + dateText.length)
  // Words after the date are kept only when they go on with the promise ("… by Friday and
  // refund the fee"), not when they are the sentence's end.
  const rest = /^\s*(?:and|to)\b/i.test(after) ? after : ''
  return (before + rest)
    .replace(/[\s,.!?;:]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, PROMISE_WHAT_MAX)
}
