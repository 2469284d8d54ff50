import type { Token } from './tokens.js'

/**
 * A phrase that marks a grievance about a breached expectation, named for the console's "why"
 * view. Cues are features of the trained complaint model (which weighs them against everything
 * else in the post), not verdicts on their own.
 */
interface ComplaintCue {
  name: string
  /** Tested on the lower-cased text. */
  pattern: RegExp
  /**
   * Words (runs of [a-z0-9_], as `\b` sees them) of which every match of the pattern contains
   * at least one; "refund*" stands for every word starting with "refund". A post without any
   * is not tested: most posts have no cue, and a word lookup per distinct token is far cheaper
   * than scanning every post with 15 patterns. A test checks, over every development text,
   * that this finds exactly the cues the patterns alone find.
   */
  words: readonly string[]
  /** Character sequences that can make a match without any of the words. */
  symbols?: readonly string[]
}

export const COMPLAINT_CUES: readonly ComplaintCue[] = [
  {
    name: 'still waiting',
    pattern:
      /\b(still (waiting|no|not|nothing|haven'?t|hasn'?t|can'?t|don'?t)|been waiting|waiting (for|on|since))\b/,
    words: ['still', 'waiting'],
  },
  {
    name: 'no answer',
    pattern:
      /\b(no (one|response|reply|answer|help|update)|nobody|never (heard|got|received|answered)|ignor(ed|ing)|not (responding|answering))\b/,
    words: ['no', 'nobody', 'never', 'ignored', 'ignoring', 'responding', 'answering'],
  },
  {
    name: 'asks for a fix',
    pattern: /\b(fix|fixed|revert|roll ?back|undo|sort (it|this) out|resolve)\b/,
    words: ['fix', 'fixed', 'revert', 'roll', 'rollback', 'undo', 'sort', 'resolve'],
  },
  {
    name: 'refund or compensation',
    pattern:
      /\b(refund\w*|money back|compensat\w*|charged|overcharg\w*|double charg\w*|reimburs\w*)\b/,
    words: ['refund*', 'money', 'compensat*', 'charged', 'overcharg*', 'double', 'reimburs*'],
  },
  {
    name: 'support ticket',
    pattern:
      /\b(support|ticket|customer (service|care)|helpdesk|help ?line|on hold|hold for|call cent(er|re)|complain\w*)\b/,
    words: [
      ...['support', 'ticket', 'customer', 'helpdesk', 'help', 'helpline', 'hold', 'call'],
      'complain*',
    ],
  },
  {
    name: 'something broke',
    pattern:
      /\b(broken|broke|bug\w*|glitch\w*|crash\w*|(does|did|is)n'?t work\w*|not working|stopped working|error|outage|down again|fail(ed|s|ing)?)\b/,
    words: [
      ...['broken', 'broke', 'bug*', 'glitch*', 'crash*', 'work*', 'error', 'outage', 'down'],
      ...['fail', 'failed', 'fails', 'failing'],
    ],
  },
  {
    name: 'never arrived',
    pattern:
      /\b(never (arrived|came|showed|delivered)|not (arrived|delivered|received)|where is my|missing|lost|late|delay(ed|s)?|cancel(l?ed)?)\b/,
    words: [
      ...['never', 'arrived', 'delivered', 'received', 'where', 'missing', 'lost', 'late'],
      ...['delay', 'delayed', 'delays', 'cancel', 'canceled', 'cancelled'],
    ],
  },
  {
    name: 'lost or rewritten data',
    pattern: /\b(deleted|wiped|erased|rewr[io]t\w*|history|reset)\b/,
    words: ['deleted', 'wiped', 'erased', 'rewrit*', 'rewrot*', 'history', 'reset'],
  },
  {
    name: 'numbers going down',
    pattern: /\bfrom \d+ to \d+\b|\b\d+ ?(->|→) ?\d+\b|\b(dropped|plummet\w*|tank(ed)?) (by )?\d*/,
    words: ['from', 'dropped', 'plummet*', 'tank', 'tanked'],
    symbols: ['->', '→'],
  },
  {
    name: 'sudden, unannounced change',
    pattern: /\b(overnight|out of nowhere|without (any )?(warning|notice)|silently|no warning)\b/,
    words: ['overnight', 'nowhere', 'without', 'silently', 'warning'],
  },
  {
    name: 'demands an explanation',
    pattern:
      /\b(why (did|does|do|is|are|would|can'?t|won'?t|isn'?t)|what happened|explain|transparen\w*|what'?s going on)\b/,
    words: ['why', 'happened', 'explain', 'transparen*', 'going'],
  },
  {
    name: 'harm to the author',
    pattern: /\b(hurts?|cost (me|us)|damag\w*|ruin(ed|s)?|job search|my clients?|wasted?)\b/,
    words: [
      ...['hurt', 'hurts', 'cost', 'damag*', 'ruin', 'ruined', 'ruins', 'job', 'client'],
      ...['clients', 'waste', 'wasted'],
    ],
  },
  {
    name: 'leaving',
    pattern:
      /\b(unsubscrib\w*|leaving|quit(ting)?|switch(ing)? to|never (again|using|buying|flying)|last time|done with|lost a customer)\b/,
    words: [
      ...['unsubscrib*', 'leaving', 'quit', 'quitting', 'switch', 'switching', 'never'],
      ...['last', 'done', 'lost'],
    ],
  },
  {
    name: 'expectation breached',
    pattern:
      /\b(supposed to|should (have|be)|promised|guarantee\w*|paid for|unacceptable|ridiculous|disappoint\w*|worst|terrible|awful|horrible|joke)\b/,
    words: [
      ...['supposed', 'should', 'promised', 'guarantee*', 'paid', 'unacceptable', 'ridiculous'],
      ...['disappoint*', 'worst', 'terrible', 'awful', 'horrible', 'joke'],
    ],
  },
  {
    name: 'duration of the wait',
    pattern:
      /\b\d+ (hours?|hrs?|days?|weeks?|months?|mins?|minutes?)\b|\b(hours?|days?|weeks?) (later|now|ago)\b/,
    words: [
      ...['hour', 'hours', 'hr', 'hrs', 'day', 'days', 'week', 'weeks', 'month', 'months'],
      ...['min', 'mins', 'minute', 'minutes'],
    ],
  },
]

/** Each trigger word's cues, as a bit mask (bit i for COMPLAINT_CUES[i]). */
const BY_WORD = new Map<string, number>()
const BY_PREFIX: Array<[prefix: string, mask: number]> = []
const BY_SYMBOL: Array<[symbol: string, mask: number]> = []
COMPLAINT_CUES.forEach((cue, i) => {
  for (const word of cue.words) {
    if (word.endsWith('*')) BY_PREFIX.push([word.slice(0, -1), 1 << i])
    else BY_WORD.set(word, (BY_WORD.get(word) ?? 0) | (1 << i))
  }
  for (const symbol of cue.symbols ?? []) BY_SYMBOL.push([symbol, 1 << i])
})

const NOT_WORD = /[^a-z0-9_]+/

/** The cues a token's words could take part in, worked out once per distinct token. */
function tokenCues(token: Token): number {
  let mask = token.cues
  if (mask !== -1) return mask
  mask = 0
  for (const word of token.raw.toLowerCase().split(NOT_WORD)) {
    mask |= BY_WORD.get(word) ?? 0
    for (const [prefix, bit] of BY_PREFIX) if (word.startsWith(prefix)) mask |= bit
  }
  token.cues = mask
  return mask
}

/** The names of the cues a post matches, given its text and its tokens. */
export function matchComplaintCues(text: string, tokens: readonly Token[]): string[] {
  let mask = 0
  for (let i = 0; i < tokens.length; i++) mask |= tokenCues(tokens[i]!)
  for (const [symbol, bit] of BY_SYMBOL) if (text.includes(symbol)) mask |= bit
  const names: string[] = []
  if (mask === 0) return names
  const lower = text.toLowerCase()
  COMPLAINT_CUES.forEach(({ name, pattern }, i) => {
    if (mask & (1 << i) && pattern.test(lower)) names.push(name)
  })
  return names
}
