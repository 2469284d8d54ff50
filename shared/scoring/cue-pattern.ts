import { RE2JS } from 're2js'

/**
 * Escalation cues are regular expressions written by advisers, run on every post a worker
 * scores and on every preview the API runs. JavaScript's engine backtracks: `(a+)+$` takes
 * time doubling with each character, and one such cue would stall a worker (or the API's
 * event loop) on one post. Cues run on RE2 instead (RE2JS, its JavaScript port), which matches
 * in time linear in the text, always; what it cannot do in linear time (lookarounds,
 * backreferences) it refuses to compile, and the draft is refused with the reason.
 */
export interface CuePattern {
  test(text: string): boolean
}

/** A cue's pattern, compiled case-insensitively (throws when RE2 cannot compile it). */
export function compileCue(pattern: string): CuePattern {
  return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE)
}

/** Where a match lies in a text: UTF-16 offsets, `end` exclusive, as `String.slice` takes them. */
export interface CueMatch {
  start: number
  end: number
}

/**
 * Where a cue's pattern matches a text, compiled as scoring compiles it, the first `limit`
 * non-empty matches (an empty match highlights nothing). Throws when RE2 cannot compile it.
 */
export function findCueMatches(pattern: string, text: string, limit = 20): CueMatch[] {
  const matcher = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE).matcher(text)
  const found: CueMatch[] = []
  while (found.length < limit && matcher.find()) {
    if (matcher.end() > matcher.start()) found.push({ start: matcher.start(), end: matcher.end() })
  }
  return found
}

/** Why a pattern cannot be a cue, or null when it can. */
export function cuePatternProblem(pattern: string): string | null {
  try {
    compileCue(pattern)
    return null
  } catch (err) {
    const reason = (err as Error).message.replace(/^error parsing regexp: /, '')
    return (
      `not a pattern cues can use (${reason}); cues run in linear time, so lookarounds and ` +
      'backreferences are not available'
    )
  }
}
