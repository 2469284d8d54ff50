/**
 * Phrases that mark a grievance about a breached expectation, named for the console's "why"
 * view. They are features of the trained complaint model (which weighs them against everything
 * else in the post), not verdicts on their own.
 */
export const COMPLAINT_CUES: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  [
    'still waiting',
    /\b(still (waiting|no|not|nothing|haven'?t|hasn'?t|can'?t|don'?t)|been waiting|waiting (for|on|since))\b/,
  ],
  [
    'no answer',
    /\b(no (one|response|reply|answer|help|update)|nobody|never (heard|got|received|answered)|ignor(ed|ing)|not (responding|answering))\b/,
  ],
  ['asks for a fix', /\b(fix|fixed|revert|roll ?back|undo|sort (it|this) out|resolve)\b/],
  [
    'refund or compensation',
    /\b(refund\w*|money back|compensat\w*|charged|overcharg\w*|double charg\w*|reimburs\w*)\b/,
  ],
  [
    'support ticket',
    /\b(support|ticket|customer (service|care)|helpdesk|help ?line|on hold|hold for|call cent(er|re)|complain\w*)\b/,
  ],
  [
    'something broke',
    /\b(broken|broke|bug\w*|glitch\w*|crash\w*|(does|did|is)n'?t work\w*|not working|stopped working|error|outage|down again|fail(ed|s|ing)?)\b/,
  ],
  [
    'never arrived',
    /\b(never (arrived|came|showed|delivered)|not (arrived|delivered|received)|where is my|missing|lost|late|delay(ed|s)?|cancel(l?ed)?)\b/,
  ],
  ['lost or rewritten data', /\b(deleted|wiped|erased|rewr[io]t\w*|history|reset)\b/],
  [
    'numbers going down',
    /\bfrom \d+ to \d+\b|\b\d+ ?(->|→) ?\d+\b|\b(dropped|plummet\w*|tank(ed)?) (by )?\d*/,
  ],
  [
    'sudden, unannounced change',
    /\b(overnight|out of nowhere|without (any )?(warning|notice)|silently|no warning)\b/,
  ],
  [
    'demands an explanation',
    /\b(why (did|does|do|is|are|would|can'?t|won'?t|isn'?t)|what happened|explain|transparen\w*|what'?s going on)\b/,
  ],
  [
    'harm to the author',
    /\b(hurts?|cost (me|us)|damag\w*|ruin(ed|s)?|job search|my clients?|wasted?)\b/,
  ],
  [
    'leaving',
    /\b(unsubscrib\w*|leaving|quit(ting)?|switch(ing)? to|never (again|using|buying|flying)|last time|done with|lost a customer)\b/,
  ],
  [
    'expectation breached',
    /\b(supposed to|should (have|be)|promised|guarantee\w*|paid for|unacceptable|ridiculous|disappoint\w*|worst|terrible|awful|horrible|joke)\b/,
  ],
  [
    'duration of the wait',
    /\b\d+ (hours?|hrs?|days?|weeks?|months?|mins?|minutes?)\b|\b(hours?|days?|weeks?) (later|now|ago)\b/,
  ],
]

/** Any cue at all: one scan settles the many posts that have none. */
const ANY_CUE = new RegExp(COMPLAINT_CUES.map(([, pattern]) => pattern.source).join('|'))

/** The names of the cues a lower-cased text matches. */
export function matchComplaintCues(lower: string): string[] {
  const names: string[] = []
  if (!ANY_CUE.test(lower)) return names
  for (const [name, pattern] of COMPLAINT_CUES) if (pattern.test(lower)) names.push(name)
  return names
}
