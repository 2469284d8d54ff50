import type { NormalizedPostInput } from '../../shared/schemas/posts.js'

/**
 * The demo backlash: a fictional influence-scoring site, Kredo, changed how its "Kredo Score"
 * (0-100) is computed overnight, without notice. Scores fell while people's real audiences grew,
 * past scores were recomputed so the history graphs changed too, job seekers and agencies (who
 * report the score to clients) are hurt, and the company says nothing.
 *
 * Three simulated hours, in waves: people noticing (the first minutes), a big creator posting
 * (~18 min), the press picking it up (~47 min), a lull, a before/after history graph going round
 * (~108 min), then agencies and a Reddit megathread (~140 min). Everything is drawn from one
 * seeded generator, so a seed always gives the same posts, ids and numbers.
 */

export interface DemoItem {
  offsetMs: number
  post: Omit<NormalizedPostInput, 'postedAt'>
}

export const DEMO_BRAND: {
  slug: string
  name: string
  trackedTerms: string[]
  excludedTerms: string[]
} = {
  slug: 'kredo',
  name: 'Kredo',
  trackedTerms: ['kredo', 'kredo score', '#kredoscore'],
  excludedTerms: ['kredo bank'],
}

const DEFAULT_SEED = 20260825
const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const END_MS = 3 * HOUR

/**
 * The wall time (2026-08-25 07:40 UTC) that offset 0 stands for when ids embed a timestamp
 * (X snowflakes, Bluesky TIDs, Mastodon ids), so ids grow with time like real ones. Posts get
 * their real postedAt from the player, not from here.
 */
const EPOCH_MS = 1_787_643_600_000
/** Hours between the silent change (about 02:00 UTC) and offset 0. */
const HOURS_SINCE_CHANGE_AT_START = 5.7

const ARTICLE_URL = 'https://ledgerdaily.example/tech/2026/08/25/kredo-score-algorithm-change'
const BYTEWIRE_URL = 'https://bytewire.example/2026/08/25/kredo-rewrites-score-history'

type Network = 'bluesky' | 'mastodon' | 'x' | 'reddit' | 'hackernews'
type Lang = 'en' | 'es' | 'pt' | 'de' | 'fr'
type Category = 'complaint' | 'neutral' | 'praise' | 'noise'
type Stance = 'critic' | 'neutral' | 'defender' | 'press'
type Role = 'seeker' | 'agency' | 'creator' | 'analyst' | 'casual'

interface Author {
  network: Network
  externalId: string
  handle: string
  displayName: string | null
  followers: number | null
  karma: number | null
  stance: Stance
  role: Role
  /** Kredo Score before and after the change; critics fell, defenders rose. */
  before: number
  after: number
}

interface Node {
  index: number
  offsetMs: number
  network: Network
  externalId: string
  url: string
  text: string
  lang: Lang
  author: Author
  category: Category
  parent: Node | null
  root: Node | null
  children: number
  /** Engagement multiplier for posts that went viral. */
  boost: number
  /** Reddit: subreddit and base36 id of the submission the node belongs to. */
  subreddit: string | null
  submission: string | null
}

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

class Dice {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** mulberry32: tiny, fast and good enough for fake data. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('demo scenario: pick from an empty list')
    return items[Math.floor(this.next() * items.length)]!
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0)
    let roll = this.next() * total
    for (const [value, weight] of entries) {
      roll -= weight
      if (roll < 0) return value
    }
    return entries[entries.length - 1]![0]
  }

  normal(): number {
    const u = 1 - this.next()
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next())
  }

  /** Pareto tail from `min`, shape `alpha`, capped. */
  pareto(min: number, alpha: number, cap: number): number {
    return Math.min(cap, min / Math.pow(1 - this.next(), 1 / alpha))
  }
}

// ---------------------------------------------------------------------------------------------
// Names, handles and ids
// ---------------------------------------------------------------------------------------------

const FIRST_NAMES = words(
  'Amara Bongani Chiara Dmitri Esi Farah Gustavo Hana Ikaika Jonas Keiko Lucia Mateus Nkechi Olek Priya Quinn Rafael Sanne Tariq Uma Valentina Wen Ximena Yusuf Zofia Aarav Bea Caoimhe Diego Elif Femi Greta Hyun Ines Jamal Kirsi Leilani Malik Noor Oona Pablo Rosa Siddharth Thandiwe Tomas Vivian Wiremu Yara Zeynep Emeka Mei Sofia Arjun Camille Lars Anais Joaquin Riley Morgan Sam Devon Kai Marta Ngozi Ilya Aiko Rohan Linnea Bruno',
)

const LAST_NAMES = words(
  'Abara Bergstrom Castellano Delacroix Eze Fontaine Gallardo Haddad Ishikawa Jovanovic Kowalczyk Lindahl Moreau Nakamura Okonkwo Petrakis Quispe Rahman Sorensen Tanaka Uchenna Varga Whitcombe Xu Yilmaz Zamora Brennan Chaudhry Dufresne Esposito Ferreira Grunewald Hallstrom Iyer Jansen Kaur Laurent Mwangi Novak Oyelaran Pereira Rossi Sato Toivonen Vasquez Wojcik Adeyemi Brandt Cheng Dlamini Engel Fitzgerald Gomes Holm Kimura Lemaire Mendez Nilsen Osei Park',
)

const REDDIT_ADJECTIVES = words(
  'quiet salty tired caffeinated lowkey feral midnight analog sleepy grumpy pixel velvet chaotic polite burnt spicy retired anxious',
)
const REDDIT_NOUNS = words(
  'otter marketer intern copywriter heron spreadsheet raccoon fox moth toaster strategist pigeon analyst freelancer goblin llama planner',
)
const HN_WORDS = words(
  'kvetch lambdafox nullhero bitrot semver tarpit yakshaver monad cronjob hexdump rubberduck segfault idempotent backpressure fsync',
)

const MASTODON_INSTANCES = [
  'mastodon.example',
  'social.lagoon.example',
  'toot.harbor.example',
  'fedi.marketing.example',
  'mstdn.nordwind.example',
] as const

const SUBREDDITS = ['socialmedia', 'marketing', 'InfluencerMarketing', 'recruitinghell', 'kredo']

const BASE32_SORTABLE = '234567abcdefghijklmnopqrstuvwxyz'
const BASE32_DID = 'abcdefghijklmnopqrstuvwxyz234567'
const X_EPOCH_MS = 1_288_834_974_657
const REDDIT_POST_BASE = parseInt('1f7k000', 36)
const REDDIT_COMMENT_BASE = parseInt('lkq0000', 36)
const HN_BASE = 41_377_000

/** A word list written as one string, so the tables stay compact. */
function words(list: string): readonly string[] {
  return list.split(' ')
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '')

function encodeSortable(value: bigint, length: number): string {
  let out = ''
  let v = value
  for (let i = 0; i < length; i++) {
    out = BASE32_SORTABLE[Number(v & 31n)] + out
    v >>= 5n
  }
  return out
}

/** Hands out network-shaped ids that are unique and grow with the simulated clock. */
class Ids {
  private used = new Set<string>()
  private usedHandles = new Set<string>()
  private seq = 0

  constructor(private dice: Dice) {}

  private claim(make: (attempt: number) => string): string {
    for (let attempt = 0; ; attempt++) {
      const id = make(attempt)
      if (!this.used.has(id)) {
        this.used.add(id)
        return id
      }
    }
  }

  handle(network: Network, base: string, maxLength: number): string {
    let candidate = base.slice(0, maxLength)
    while (this.usedHandles.has(`${network}:${candidate}`)) {
      const suffix = String(this.dice.int(2, 999))
      candidate = base.slice(0, maxLength - suffix.length) + suffix
    }
    this.usedHandles.add(`${network}:${candidate}`)
    return candidate
  }

  did(): string {
    return this.claim(() => {
      let s = 'did:plc:'
      for (let i = 0; i < 24; i++) s += BASE32_DID[this.dice.int(0, 31)]
      return s
    })
  }

  /** A Bluesky record key: a TID of microseconds and a clock id. */
  tid(offsetMs: number): string {
    return this.claim((attempt) => {
      const micros = BigInt(EPOCH_MS + offsetMs) * 1000n + BigInt(this.dice.int(0, 999) + attempt)
      return encodeSortable((micros << 10n) | BigInt(this.dice.int(0, 1023)), 13)
    })
  }

  snowflake(offsetMs: number): string {
    return this.claim(() => {
      const ms = BigInt(EPOCH_MS + offsetMs - X_EPOCH_MS)
      const worker = BigInt(this.dice.int(0, 1023))
      return String((ms << 22n) | (worker << 12n) | BigInt(this.seq++ & 4095))
    })
  }

  mastodon(offsetMs: number): string {
    return this.claim(() =>
      String((BigInt(EPOCH_MS + offsetMs) << 16n) | BigInt(this.dice.int(0, 65535))),
    )
  }

  redditPost(offsetMs: number): string {
    const base = REDDIT_POST_BASE + Math.floor(offsetMs / SECOND) * 3
    return this.claim((attempt) => (base + this.dice.int(0, 2) + attempt).toString(36))
  }

  redditComment(offsetMs: number): string {
    const base = REDDIT_COMMENT_BASE + Math.floor(offsetMs / SECOND) * 40
    return this.claim((attempt) => (base + this.dice.int(0, 39) + attempt).toString(36))
  }

  hackernews(offsetMs: number): string {
    const base = HN_BASE + Math.floor((offsetMs / SECOND) * 0.9)
    return this.claim((attempt) => String(base + this.dice.int(0, 3) + attempt))
  }

  numeric(minDigits: number, maxDigits: number): string {
    return this.claim(() => {
      let s = String(this.dice.int(1, 9))
      const digits = this.dice.int(minDigits, maxDigits)
      while (s.length < digits) s += String(this.dice.int(0, 9))
      return s
    })
  }

  base36(length: number): string {
    return this.claim(() => {
      let s = ''
      for (let i = 0; i < length; i++) s += this.dice.int(0, 35).toString(36)
      return s
    })
  }
}

// ---------------------------------------------------------------------------------------------
// Text: templates with {slots}
// ---------------------------------------------------------------------------------------------

/*
 * Slots: {old} {new} the author's score before/after, {drop} their loss, {up} a defender's gain,
 * {arrow} "->" or "to", {hist} a recomputed past score, {peak}, {pct} audience growth, {metric},
 * {job}, {employer}, {client}, {n} a small count, {hours} since the change, {when}, {at} Kredo's
 * account on this network, {bigdrop} someone else's drop, {link} the news article, {big} the
 * creator whose post went viral.
 */

const COMPLAINTS: Record<string, readonly string[]> = {
  drop: [
    'My Kredo Score went from {old} to {new} {when}. Followers up {pct}% this month. Make it make sense.',
    'Kredo has me at {new}. It was {old} yesterday. Nothing about my accounts changed except they got bigger. Ridiculous.',
    '{old}{arrow}{new}. That is my Kredo Score {when}. My {metric} is up {pct}% this quarter. Something is badly wrong.',
    'lost {drop} points on Kredo {when} and I posted more than ever this week. wtf',
    'Kredo Score: {new}. Was {old}. My engagement rate doubled in July. So what exactly is being measured now?',
    'checked my Kredo Score out of habit. {old} yesterday, {new} today. every metric I can see went up. furious',
    'Kredo just knocked {drop} points off my score with zero explanation. {old}{arrow}{new}. Unacceptable.',
    'I have sat between {low} and {old} on Kredo for two years. Today: {new}. My {metric} hit a record this month. Absurd.',
    'How does a Kredo Score fall {drop} points in a week where my {metric} grew {pct}%? Genuinely asking.',
    'Kredo Score {when}: {new}. Kredo Score last week: {old}. Audience: bigger than ever. Algorithm: broken.',
    'Honestly so angry about this Kredo thing. {old} to {new} overnight, zero warning, zero reason.',
    'A {drop}-point drop on Kredo for an account that grew {pct}% this month. The new model is just wrong.',
  ],
  history: [
    "It isn't just today's score. Kredo recomputed my whole history. My March now says {hist}; my screenshot from March says {old}.",
    'Kredo rewrote my score history. Every past month is lower now. I have screenshots. Why would you change the past?',
    'The history page on Kredo now says I peaked at {peak}. I was {old} last week. I have the screenshot.',
    "Quietly recomputing everyone's old scores is the part that gets me. Kredo erased a year of records. Shameful.",
    'My Kredo graph used to go up and to the right. Now it is flat for twelve months. Same account. Rewritten history.',
    "Kredo didn't just change my score, it changed what my score WAS. Last year's {old} is now a {hist}. Shameful.",
    "Anyone who exported their Kredo history before this: compare it with the site now. Mine doesn't match a single month.",
    'Changing a score is one thing. Silently rewriting a year of someone’s history is a terrible, shady move, Kredo.',
  ],
  job: [
    'I had {employer} ask for my Kredo Score last week. I said {old}. Today it says {new}. Now I look like a liar.',
    'Job hunting as a {job} and half the listings ask for a Kredo Score. Mine dropped from {old} to {new} {when}. Great timing, Kredo.',
    'Final-round interview for a {job} role on Thursday. They screen on Kredo. I am at {new} now. Was {old}. I feel sick.',
    'Recruiters use Kredo as a filter. Dropping everyone {bigdrop} points overnight without notice is going to hurt a lot of job searches.',
    'My CV says Kredo Score {old}. Kredo now says {new}. Do I update it, or wait for them to fix this?',
    'Applied to {n} {job} jobs this month with my Kredo Score on the application. It is {drop} points lower now. This hurts my job search.',
    'Stressed out. Job search already hard, and now Kredo says I went from {old} to {new} overnight.',
  ],
  clients: [
    'I send {n} clients a monthly report with their Kredo Scores in it. Every one dropped {when}. Reports go out Friday. What do I tell them?',
    'Agency life: explaining to {client} why their Kredo Score fell {bigdrop} points while their followers went up {pct}%.',
    'We put Kredo Scores in every client report because clients asked for them. Now I get to explain a {bigdrop}-point drop without a changelog.',
    "{client} just emailed asking why their Kredo Score tanked. I don't know! Kredo hasn't said anything!",
    'Our whole Q3 client deck is built on Kredo Scores. All of them are wrong now, including the historical ones.',
    `Had to tell {client} their influence "dropped" {bigdrop} points. It didn't. Kredo changed the ruler.`,
    'Embarrassing call with {client} this morning about their Kredo Score. I had zero answers because Kredo gives none.',
  ],
  silence: [
    '{hours} hours since the Kredo Score change and silence from Kredo. No blog post, no email, nothing.',
    'Kredo status page: all systems operational. Kredo helpdesk: silence. Kredo Scores: down {bigdrop} points across the board.',
    'Opened a ticket with Kredo at 7am. Still waiting. {at} is anyone there?',
    'Kredo has posted nothing. Nothing on their blog, nothing here, nothing in the app. {hours} hours. This is how you lose trust.',
    "Still nothing from Kredo. If you changed the algorithm on purpose, say so. If it's a bug, say so.",
    'The worst part of the Kredo thing is the silence. A two-line post would have done it. {hours} hours later, nothing.',
    'Kredo ignoring everyone for {hours} hours is honestly worse than the algorithm change itself.',
  ],
  rollback: [
    '{at} roll back the change. Then explain what you did and give people notice next time.',
    'Kredo, revert the algorithm change and put the old history back. Ship a new model later, with a changelog.',
    'Asking for very little: undo the change, put the old scores back, publish what is different. {at}',
    'Roll back the Kredo Score change until they can explain it. Simple as that.',
    'Dear {at}: undo the history rewrite today. Change the model if you must, but not the past.',
  ],
  leaving: [
    "Deleting my Kredo account today. A score that can drop {drop} points overnight with zero explanation isn't worth anything.",
    "We are pulling Kredo Scores out of our client reports starting this month. The trust hit isn't worth it.",
    'Cancelled our Kredo Pro subscription. Paying for a number that changes retroactively is absurd.',
    "If Kredo doesn't explain this by end of week, I'm switching to something else for reporting.",
    'Done with Kredo. Quitting the paid plan and telling my clients why.',
  ],
  sarcasm: [
    // These read as praise to a word-list analyzer, as real sarcasm does.
    "Love waking up to learn I'm {drop} points less influential. Very motivating. 10/10 Kredo.",
    'Good news: my followers went up {pct}%. Bad news: Kredo says I matter less. Great morning.',
    "Kredo's new algorithm: everyone is a {new} now. Truly egalitarian.",
    "Kredo said 'what if we made everyone feel bad at once' and shipped it on a Tuesday night",
    'Congratulations to Kredo on inventing time travel: my scores from last year got worse today.',
    'my Kredo Score is now lower than my phone battery and both died overnight',
  ],
}

/** Themes a role complains about most. */
const THEME_WEIGHTS: Record<Role, Record<string, number>> = {
  seeker: { drop: 3, history: 2, job: 6, silence: 2, rollback: 1, sarcasm: 1.5, leaving: 0.5 },
  agency: { drop: 1, history: 2, clients: 6, silence: 2, rollback: 1, leaving: 2, sarcasm: 0.5 },
  creator: { drop: 5, history: 3, silence: 2, rollback: 2, sarcasm: 2, leaving: 1, job: 1 },
  analyst: { drop: 2, history: 5, silence: 2, rollback: 2, sarcasm: 0.5 },
  casual: {
    drop: 4,
    history: 2,
    silence: 2,
    rollback: 2,
    sarcasm: 2,
    leaving: 1,
    job: 1,
    clients: 1,
  },
}

/** Complaints that only make sense after a beat of the story, by the minute they unlock. */
const LATER_COMPLAINTS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [
    19,
    [
      'Even {big} dropped to 52. If a million-follower account is "less influential" now, the Kredo model is broken.',
      "{big}'s post about the Kredo change is spot on. Same thing happened to me: {old}{arrow}{new}. So frustrating.",
      'When {big} is getting hit by the Kredo change, you know it hits everyone. Mine: {old}{arrow}{new}. Awful.',
    ],
  ],
  [
    48,
    [
      'Shameful. Ledger Daily says Kredo "did not respond to requests for comment". So they are ignoring the press too. {link}',
      'Good that the Kredo Score mess is in the press now. Still nothing from Kredo itself. {link}',
      'Kredo will answer journalists before it answers paying customers, apparently. Except it is ignoring them too.',
    ],
  ],
  [
    109,
    [
      'That before/after Kredo graph is damning. They rewrote twelve months of history.',
      'Did the before/after thing with my own Kredo history. Last week: {old}. Same month today: {hist}. They changed the past.',
      'Everyone post your Kredo before/after. Mine: {old}{arrow}{new}, and the history graph is unrecognisable.',
      'The before/after graphs make it obvious: Kredo recomputed the past as well as today. That is the part to roll back.',
    ],
  ],
]

const NEUTRALS = [
  'Looks like Kredo changed how it calculates the Kredo Score overnight. Lots of people reporting lower numbers. Anyone have details?',
  "Is anyone else's Kredo Score different today? Mine went from {old} to {new}, trying to figure out if it's everyone.",
  'Has Kredo said anything about the score change? I cannot find a blog post or changelog.',
  'Trying to work out what changed in the Kredo model. Accounts with high reply rates seem to have moved the most. Small sample though.',
  'Collecting data points: reply with your Kredo Score before and after, plus a rough follower count. Will share a summary.',
  'Quick sample of {sample} accounts I track: median Kredo Score change is -{bigdrop}. Biggest moves are mid-size accounts.',
  'Kredo Score discourse is all over my feed this morning. What happened?',
  'Reading up on the Kredo change. Seems the score is now relative to your category, not absolute? Unconfirmed.',
  'Any Kredo employees around who can say whether the score change is intentional?',
  'Does anyone actually know what goes into a Kredo Score? Genuine question, never used it.',
  'What we know about the Kredo Score change so far: new scores, history recomputed, nothing official yet. 🧵',
  'Kredo Score check: my number moved from {old} to {new}. Curious whether verified accounts are treated differently.',
  "For a piece I'm writing: does Kredo publish its methodology anywhere? Couldn't find it.",
  'Kredo changed something big overnight. Watching to see whether they post an explanation today.',
  'The Kredo change seems to hit accounts between 5k and 50k followers hardest. Anyone seeing otherwise?',
  'Has anyone from Kredo commented anywhere? Blog, status page, anything?',
  'Trying to understand the Kredo thing before I panic. Is it everyone or only some categories?',
  'Seeing a lot of Kredo Score screenshots on my timeline. Did they announce a new model?',
  'Ok, someone explain the Kredo drama to me like I am five.',
]

const LATER_NEUTRALS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [
    19,
    [
      '{big} just posted about the Kredo Score change. That is going to make this a lot bigger.',
      'Following the Kredo thread from {big}. Hundreds of people comparing before/after scores in the replies.',
      "The replies under {big}'s Kredo post are a goldmine of before/after numbers if anyone wants data.",
    ],
  ],
  [
    48,
    [
      "Kredo's scoring change is now in the press: {link}",
      'Ledger Daily on the Kredo Score change: users report drops of 30+ points, history recomputed, no comment from the company. {link}',
      'Decent write-up of what Kredo changed, as far as anyone can tell: {link}',
      'The Kredo story has reached the tech press. Nothing from Kredo yet. {link}',
    ],
  ],
  [
    109,
    [
      'The before/after Kredo graphs going around show history recomputed back at least a year.',
      'Someone should archive the Kredo before/after screenshots before the old numbers are gone for good.',
      'Looking at the before/after Kredo graphs: the recomputation seems to go back at least 12 months, maybe more.',
      'If you have a screenshot of your Kredo history from before today, keep it. It may be the only record left.',
      'That before/after graph is everywhere now. Kredo has still not said whether history was recomputed on purpose.',
    ],
  ],
]

const PRAISES = [
  'Unpopular opinion: the new Kredo model seems fair. My score went up {up} points and I do not buy followers.',
  'Honestly the new Kredo Score looks more accurate to me. The old one rewarded engagement pods.',
  'Good riddance to gamed Kredo Scores. Half the 80+ accounts were bot farms.',
  'My Kredo went from {old} to {new}. Small account, real conversations. I think the new model is better.',
  'Kind of love that Kredo finally stopped rewarding follow-for-follow. Nice change.',
  'A score that could not tell bots from humans was never great. The new Kredo seems better.',
  'Hot take: if your Kredo Score fell {bigdrop} points, maybe it was inflated. Mine is basically the same and my audience is real. Good change.',
  'Kredo should have communicated this, sure. But the new model is fairer to small creators. Good call.',
  'The new Kredo Score finally matches what I see in my own analytics. Happy with it.',
  'Small creators, check your Kredo Score. Mine went up {up}. The new model seems to value real replies. Love that.',
  'Everyone is upset, but the new Kredo ranking looks a lot more honest to me. Fewer obvious bot accounts at the top. Glad they did it.',
]

const NOISE = [
  'Kredo Bank is raising its savings rate to 3.1% from next month, per their newsletter.',
  'Anyone bank with Kredo Bank? Their app has been slow to load all week.',
  'The Kredo Bank branch near the station is closing in October apparently.',
  'Kredo Bank mortgage rates look oddly competitive this quarter.',
  'Switched my current account to Kredo Bank, the onboarding was quick.',
]

const OPENERS = [
  'Ugh.',
  'Um.',
  'So.',
  'Well.',
  'PSA:',
  'Annoyed.',
  'Good morning to everyone except Kredo.',
  'Is anyone else seeing this?',
  'Can someone explain this?',
  'Seriously?',
]
const CLOSERS = [
  'Make it make sense.',
  'Unreal.',
  'Absolutely not okay.',
  'Explain it, Kredo.',
  'Anyone else?',
  'What a mess.',
  'What is going on?',
  '😤',
  '🙃',
  'Fix it.',
  'Terrible.',
]
const HASHTAGS: Partial<Record<Network, readonly string[]>> = {
  x: ['#kredoscore', '#Kredo', '#KredoGate', '#influencermarketing', '#smm', '#creatoreconomy'],
  bluesky: ['#kredoscore', '#kredo', '#socialmedia'],
  mastodon: ['#Kredo', '#KredoScore', '#SocialMedia', '#Marketing'],
}

/** Replies in short-form networks, by what the reply does. */
const REPLIES: Record<string, readonly string[]> = {
  agree: [
    'Same here, {old}{arrow}{new}.',
    'Same here, Kredo has me at {new} now, was {old}. Ridiculous.',
    'same. {old} to {new} on Kredo and my followers are up',
    'same, {old} to {new}. this is such a mess',
    'Exactly this. Kredo took {drop} points off me {when}. Infuriating.',
    'Mine too. Was {old}, now {new}. Kredo owes everyone an explanation. What a mess.',
    "Same thing happened to my clients' Kredo Scores. All {n} of them.",
    'This. My history graph on Kredo changed too.',
    'Yep. Kredo went {old}{arrow}{new} on me. A recruiter asked about it this morning 🙃',
    "Same, and Kredo hasn't answered my ticket.",
    'Can confirm. Lost {drop} points on Kredo, no email, nothing.',
    '+1. Roll back, Kredo. Now.',
    'Ugh, so it is everyone. Kredo has me at {new}, was {old}. Awful.',
    'Mine dropped from {old} to {new} and I have a job interview Friday. Brilliant.',
    'Same pattern here: {metric} up {pct}%, Kredo Score down {drop}. Broken.',
    'Add me to the list. {old}{arrow}{new}, and last year is rewritten too.',
    'Same. {drop} points gone on Kredo and nobody can tell me why. So frustrating.',
    'My Kredo went {old}{arrow}{new}. Nothing on my side changed.',
    'Literally the same. {old} yesterday, {new} this morning.',
    'Same boat. {client} is already asking me about theirs.',
    'Happened to me too. {drop} Kredo points, gone. Awful.',
    'Same here, and my history graph is unrecognisable now.',
    'Yes! Thought I was going mad. {old} to {new}.',
    'Me too. Recruiter call this week and my Kredo Score just tanked.',
    'Same. The Kredo helpdesk auto-replied and then nothing.',
    'Down {drop} here too. Nobody at Kredo is answering anything.',
    'Exactly what happened to me: {metric} up, Kredo Score down {drop}.',
  ],
  snark: [
    "Kredo's algorithm in shambles, my score in shambles",
    'at this point my Kredo Score is a mood ring',
    'The silence from Kredo is deafening',
    'Kredo really said "new year, new you" in August',
    'somewhere a Kredo PM is very quiet right now',
    'Kredo speedrunning how to lose customers in one night',
    'the Kredo Score was a vibe and the vibe is gone',
    'imagine telling your boss an algorithm decided you matter {drop} points less now',
    'Kredo comms team on a silent retreat apparently',
    'Kredo: "we value transparency." Also Kredo: changes everything at 2am',
  ],
  pushback: [
    "Kredo is a vanity number. Your followers didn't go anywhere.",
    'Honestly my Kredo Score went up. Maybe the new model is just fairer?',
    "I won't defend Kredo's silence, but the old score was easy to game.",
    'Any employer screening on a Kredo Score was never a good employer tbh',
    'Your audience is the same as yesterday. Only the Kredo number moved. Breathe.',
    'Counterpoint: the old Kredo model rewarded bot followers. This seems like a fair correction.',
    'The new Kredo numbers look more realistic to me. A bit of calm would help.',
    'Honest question: why does anyone care this much about a Kredo number?',
    'The old score had 80+ accounts that were obviously bots. Something had to change.',
    'Mine is basically unchanged. Maybe some of the drops reflect something real?',
    "It is a private company's metric. Communication was poor, but the change itself looks fine.",
    'Tbh the new numbers match my actual analytics better.',
  ],
  question: [
    'Did you get any email from Kredo about this?',
    'Is it just the current Kredo Score or did your history change too?',
    'Did your follower count actually change or only the Kredo number?',
    'Has anyone heard back from Kredo yet?',
    'Which plan are you on? Wondering if Kredo Pro accounts were affected differently.',
    'Do you have a screenshot of the old Kredo graph? Trying to compare.',
    'What category is your account in on Kredo? Curious if it is category-relative now.',
    'Is this on the Kredo app too, or only the website?',
    "Did it change your history graph as well, or only today's number?",
    'Are you on the Kredo free plan or Pro? Trying to see a pattern.',
    'Roughly how many followers? Trying to see if account size matters here.',
    'Did you open a ticket with Kredo? Curious what they say.',
    'Do you post mostly video or text? Wondering what the new Kredo model weighs.',
    'Is there any way to download the old history now, or is it gone?',
    'When did you first notice? Mine changed sometime after 2am.',
    'Did the Kredo Score change for your other accounts too?',
    'Has anyone compared with an export from before the change?',
  ],
  rebut: [
    'Easy to say when yours went up. Mine fell {drop} Kredo points with real followers.',
    "Fairer how? Nobody knows what changed because Kredo won't say.",
    'Even if the new Kredo model is better, rewriting history without telling anyone is wrong.',
    "The problem isn't the new model, it's changing past scores with no notice.",
    "Cool for you. My clients' reports are wrong now.",
    'People are losing interviews over this, fair model or otherwise. Kredo needs to explain it.',
    'Good for you. Mine went {old}{arrow}{new} and I have done nothing different.',
    'A fair model would leave last year alone. That part is indefensible.',
    'The model can be better and the rollout can still be terrible. Both are true.',
    'Tell that to the people with interviews this week.',
  ],
  opThanks: [
    "Right? And Kredo still hasn't said a word.",
    'Thanks. Hoping Kredo answers before my reports go out.',
    'Exactly. All I want is an explanation.',
    'Thank you. Honestly just glad I am not imagining it.',
    'Yep. Still waiting on Kredo. Ticket number and everything.',
    'Sorry it hit you too. No reply to my ticket either.',
  ],
  opAnswer: [
    'No email, nothing. Found out from the app.',
    "History changed too. My old screenshots don't match anymore.",
    'Followers are up. Only the Kredo number moved.',
    'Ticket is still open, no reply.',
    'Same category as before. Only the Kredo number moved, by {drop} points.',
    'Free plan. But my agency account on Pro dropped too.',
  ],
  opRebut: [
    'It is a vanity number until recruiters filter on it. Then it is not.',
    "My followers didn't go anywhere, sure. My job applications did.",
    "If the old score was gamed, say so and version it. Don't rewrite the past silently.",
  ],
}

/** Long-form pieces for Reddit posts and comments. */
const LONG: Record<string, readonly string[]> = {
  intro: [
    'Checked this morning and my Kredo Score is {new}. Yesterday it was {old}.',
    'Woke up to a {drop}-point drop on Kredo. {old} yesterday, {new} today.',
    'Unsure where else to post this, but my Kredo Score went from {old} to {new} overnight.',
    'So Kredo apparently changed their algorithm last night and nobody was told.',
  ],
  evidence: [
    'My follower count is up {pct}% since June and my engagement rate is higher than it has been all year.',
    'Nothing changed on my side. Same posting schedule, more followers, more replies.',
    "I exported my Kredo history last month, and the numbers on the site now don't match the export for a single month.",
    'The history graph is different too. Months I remember being around {old} are now shown as {hist}.',
    'I checked three other accounts I manage and all of them moved by 20-40 points.',
  ],
  harmJob: [
    'I am job hunting as a {job} and a lot of applications literally ask for your Kredo Score. I put {old} on mine last week.',
    'I have a final interview on Friday with a company that screens on Kredo. Terrible timing.',
  ],
  harmClient: [
    'I run a small agency and we report Kredo Scores to {n} clients every month. Reports go out this week and every single number is down.',
    '{client} already emailed asking why their score dropped {bigdrop} points while their followers grew.',
  ],
  harmCreator: [
    "Brands I work with ask for my Kredo Score in every pitch. I don't know what to tell them now.",
    'I have a sponsorship renewal next week that was partly based on my Kredo Score. Worried sick.',
  ],
  demand: [
    "I don't even mind a new model. Just tell us what changed and leave the history alone.",
    'Has anyone gotten a response from Kredo? My ticket has been open since 7am.',
    'Kredo needs to roll this back or at least explain it.',
    'How is nobody at Kredo saying anything about this? Unacceptable.',
  ],
  question: [
    'Does anyone know what actually changed in the Kredo Score?',
    'Has Kredo announced anything? I checked the blog and the changelog and found nothing.',
    'Is this everyone, or only some categories of accounts?',
  ],
  speculate: [
    'My guess is they moved from absolute reach to a percentile within your category, which would hit mid-size accounts hardest.',
    'From the before/after numbers people are posting, accounts with lots of replies but few shares seem to have moved the most.',
    'It looks as if the history was recomputed with the new model, as well as today. That is a choice, not a side effect.',
  ],
  defend: [
    'Honestly the old Kredo model was easy to game with engagement pods and bought followers.',
    'My Kredo went up {up} points. I run a small account with real conversations, so the new model seems fair to me.',
    'A lot of the 80+ scores were obviously inflated. The new ranking looks more honest.',
  ],
  caveat: [
    'Kredo should have announced it, but I think the change itself is good.',
    'The rollout was clumsy. The model is better.',
  ],
}

const REDDIT_TITLES: Record<'complaint' | 'neutral' | 'praise', readonly string[]> = {
  complaint: [
    'Kredo Score dropped from {old} to {new} overnight, anyone else?',
    'Kredo rewrote my entire score history',
    'PSA: Kredo changed their algorithm and recomputed old scores',
    'Lost {drop} Kredo points overnight right before a job interview',
    'How are you explaining the Kredo drop to clients?',
    "Kredo's silence on the score change is unacceptable",
    'My followers are up {pct}% and my Kredo Score is down {drop} points. Explain.',
  ],
  neutral: [
    'What actually changed in the Kredo Score algorithm?',
    'Collecting before/after Kredo Scores, post yours',
    'Did Kredo announce the scoring change anywhere?',
  ],
  praise: [
    'Unpopular opinion: the new Kredo model is fairer',
    'The Kredo change is good for small accounts and nobody is saying it',
  ],
}

const REDDIT_REPLY_OPENERS: Record<string, readonly string[]> = {
  agree: [
    'Same here. {old} -> {new}.',
    'Same. {old} to {new}.',
    'Yep, {drop} points down on Kredo.',
    'Exact same thing, and it sucks.',
  ],
  pushback: ['Devil’s advocate here.', 'Counterpoint:', 'Honestly?', 'Unpopular here, I know.'],
  question: ['Genuine question:', 'Quick question.', 'Curious:'],
}

const HN_PIECES: Record<'complaint' | 'neutral' | 'praise', readonly string[]> = {
  complaint: [
    'The retroactive recomputation is the real problem. A metric that changes its own history is useless for anything longitudinal, which is exactly what agencies were using Kredo for.',
    'Silently changing a number people put on CVs and in client reports is a trust failure, regardless of whether the new model is better.',
    'If you change a scoring model, version it. Show v2 scores next to the old ones for a while and let people migrate. This is basic.',
    'Hiring on a Kredo Score was always a bad idea, but people did it, and Kredo marketed the score for exactly that.',
    `The silence is the part I don't understand. A short post saying "we changed the model, here is why" would have defused most of this.`,
    'I have a friend who lost a shortlist spot this morning because their Kredo number stopped matching the one on their application.',
    'The part that would worry me as a customer: if they can rewrite a year of history once, the history was never a record, only a cache.',
    'Kredo sells this number to recruiters. Changing it without notice while people are mid-application is a product failure, not a PR one.',
    'Anyone who built a dashboard on their API just had every historical chart silently change under them. That is a data integrity bug.',
  ],
  neutral: [
    'From the samples people posted, it looks like they switched from absolute reach to percentile-within-category. That would explain why mid-size accounts moved the most.',
    "Goodhart's law in action. Once the score became a hiring filter it stopped measuring influence.",
    'Does anyone have a pre-change export? It would be easy to diff the history and see whether the recomputation is uniform across accounts.',
    'Recomputing history implies they kept raw engagement data for every account going back years. Interesting from a data retention angle.',
    'Somebody upthread asked what the Kredo Score even measures. As far as I know the methodology has never been published.',
    'I wonder if this is related to the bot purge a few platforms did last month. Follower counts upstream would have shifted.',
    'Genuine question for people who use it at work: what decisions actually hinge on the Kredo number? Hiring, pricing, something else?',
    'Their API docs still describe the old weighting, for what it is worth. Either the docs are stale or the change was not planned this way.',
    'A bounded 0-100 score has to be renormalised whenever the population shifts. Some drift is expected; 30 points overnight is not drift.',
  ],
  praise: [
    'Honestly the old model was trivially gameable with engagement pods. I can see why they changed it, even if the rollout was bad.',
    'Every ranking system recomputes history when the model changes. The mistake was not telling anyone, not the recomputation itself.',
    'My Kredo Score went up a few points. Small account, mostly long replies. The new model seems to reward actual conversation.',
    'The old score was mostly follower count with extra steps. If the new one weighs actual replies, that is an improvement.',
    'People treating a proprietary score as ground truth and then being upset it changed is a bit much. It was always their number.',
  ],
}

const NON_ENGLISH: Record<
  Exclude<Lang, 'en'>,
  Record<'complaint' | 'neutral' | 'praise', readonly string[]>
> = {
  es: {
    complaint: [
      'Mi Kredo Score bajó de {old} a {new} de la noche a la mañana. Mis seguidores subieron un {pct}%. ¿Qué pasó, Kredo?',
      'Kredo cambió el algoritmo sin avisar y reescribió el historial. Tengo capturas. Qué vergüenza.',
      'Estoy buscando trabajo y los reclutadores miran el Kredo Score. Justo ahora me baja {drop} puntos. Genial.',
      'Kredo, devuelvan el historial de puntuaciones. Nadie les pidió reescribir el pasado.',
    ],
    neutral: ['¿Alguien sabe qué cambió en Kredo? Todas las cuentas que gestiono bajaron.'],
    praise: ['Sinceramente el nuevo Kredo Score me parece más justo. Menos bots arriba.'],
  },
  pt: {
    complaint: [
      'Meu Kredo Score caiu de {old} para {new} da noite pro dia. Seguidores subindo, engajamento subindo. Não faz sentido.',
      'A Kredo mudou o algoritmo e reescreveu o histórico inteiro. Cadê a explicação?',
      'Tenho que mandar relatório pros clientes sexta e o Kredo Score de todos despencou. Obrigado, Kredo.',
    ],
    neutral: ['Alguém sabe o que mudou no Kredo Score? Nenhum comunicado até agora.'],
    praise: ['O novo Kredo Score parece mais justo, sinceramente. Contas pequenas subiram.'],
  },
  de: {
    complaint: [
      'Mein Kredo Score ist über Nacht von {old} auf {new} gefallen. Follower +{pct} %. Erklärung, Kredo?',
      'Kredo hat den Algorithmus geändert und die komplette Historie neu berechnet. Ohne Ankündigung. Unfassbar.',
      'Wir schicken Kunden jeden Monat ihren Kredo Score. Diesen Monat ist alles {drop} Punkte tiefer. Danke, Kredo.',
    ],
    neutral: ['Weiß jemand, was Kredo am Score geändert hat? Ich finde keine Ankündigung.'],
    praise: ['Ehrlich gesagt wirkt der neue Kredo Score fairer. Weniger Bot-Accounts oben.'],
  },
  fr: {
    complaint: [
      "Mon Kredo Score est passé de {old} à {new} pendant la nuit. Mes abonnés ont augmenté de {pct} %. Cherchez l'erreur.",
      "Kredo a changé son algorithme et réécrit tout l'historique des scores. Aucune communication. Inadmissible.",
      'Je cherche un poste et les recruteurs regardent le Kredo Score. -{drop} points ce matin. Merci Kredo.',
    ],
    neutral: ['Quelqu’un sait ce qui a changé dans le Kredo Score ? Rien sur leur blog.'],
    praise: ['Honnêtement, le nouveau Kredo Score me semble plus juste.'],
  },
}

const JOBS = [
  'content strategist',
  'community manager',
  'social media lead',
  'brand partnerships manager',
  'growth marketer',
  'developer advocate',
  'PR associate',
  'freelance copywriter',
  'social media manager',
  'influencer marketing coordinator',
  'comms officer',
] as const
const EMPLOYERS = [
  'a recruiter',
  'the hiring manager',
  'an agency I interviewed with',
  'a startup',
  'a recruiter from a big media group',
] as const
const CLIENTS = [
  'a boutique hotel group',
  'Northwind Coffee',
  'a regional credit union',
  'Pinecrest Dental',
  'Halcyon Outdoor',
  'a SaaS startup',
  'Oakhaven Bakery',
  'two local restaurants',
  'Bramblewood Books',
  'a yoga studio chain',
  'Marlowe & Finch Interiors',
] as const
const METRICS = [
  'followers',
  'engagement',
  'impressions',
  'reach',
  'newsletter signups',
  'replies',
] as const
const WHEN = [
  'overnight',
  'last night',
  'while I slept',
  'since yesterday',
  'this morning',
] as const
const ARROWS = [' -> ', ' → ', ' to ', '→'] as const
const KREDO_AT: Record<Network, string> = {
  x: '@kredo',
  bluesky: '@kredo.example',
  mastodon: '@kredo@kredo.example',
  reddit: 'Kredo',
  hackernews: 'Kredo',
}

// ---------------------------------------------------------------------------------------------
// The scenario
// ---------------------------------------------------------------------------------------------

/**
 * The people the story is about. Those without a handle get a generated name; `regular` ones
 * are prolific complainers who keep posting through the morning.
 */
interface Character {
  network: Network
  handle?: string
  displayName?: string | null
  followers?: readonly [number, number]
  stance: Stance
  role: Role
  scores?: readonly [number, number]
  regular?: boolean
}

const CAST = {
  marisol: {
    network: 'x',
    handle: 'marisolgrows',
    displayName: 'Marisol Achterberg',
    followers: [1_150_000, 1_350_000],
    stance: 'critic',
    role: 'creator',
    scores: [84, 52],
  },
  dana: {
    network: 'x',
    handle: 'danaworks',
    displayName: 'Dana Whitlock (open to work)',
    followers: [1_200, 1_600],
    stance: 'critic',
    role: 'seeker',
    scores: [71, 38],
    regular: true,
  },
  kofi: {
    network: 'bluesky',
    handle: 'kofi-creates.bsky.social',
    displayName: 'Kofi Mensah-Hart',
    followers: [2_900, 3_500],
    stance: 'critic',
    role: 'creator',
    scores: [66, 29],
    regular: true,
  },
  ava: {
    network: 'x',
    handle: 'agencyava',
    displayName: 'Ava Lindqvist | Lumen & Co',
    followers: [8_000, 9_500],
    stance: 'critic',
    role: 'agency',
    scores: [77, 45],
    regular: true,
  },
  rhea: {
    network: 'mastodon',
    handle: 'rhea',
    displayName: 'Rhea Castellano',
    followers: [700, 1_100],
    stance: 'critic',
    role: 'analyst',
    scores: [58, 34],
    regular: true,
  },
  beto: {
    network: 'x',
    handle: 'tired_of_nums',
    displayName: 'Beto Ramírez',
    followers: [350, 500],
    stance: 'critic',
    role: 'casual',
    scores: [62, 30],
    regular: true,
  },
  burnout: {
    network: 'reddit',
    handle: 'smm_burnout',
    followers: [8, 30],
    stance: 'critic',
    role: 'agency',
    scores: [69, 41],
    regular: true,
  },
  juno: {
    network: 'bluesky',
    handle: 'juno-writes.bsky.social',
    displayName: 'Juno Abara',
    followers: [600, 900],
    stance: 'critic',
    role: 'seeker',
    scores: [59, 27],
    regular: true,
  },
  wren: {
    network: 'bluesky',
    handle: 'tobiaswren.bsky.social',
    displayName: 'Tobias Wren (Ledger Daily)',
    followers: [42_000, 55_000],
    stance: 'press',
    role: 'analyst',
  },
  ledger: {
    network: 'x',
    handle: 'ledgerdaily',
    displayName: 'The Ledger Daily',
    followers: [800_000, 900_000],
    stance: 'press',
    role: 'analyst',
  },
  bytewire: {
    network: 'mastodon',
    handle: 'bytewire',
    displayName: 'Bytewire',
    followers: [120_000, 150_000],
    stance: 'press',
    role: 'analyst',
  },
  nadia: {
    network: 'bluesky',
    handle: 'nadiaokafor.example',
    displayName: 'Nadia Okafor-Lind 📊',
    followers: [85_000, 98_000],
    stance: 'critic',
    role: 'analyst',
    scores: [74, 41],
  },
  mod: { network: 'reddit', handle: 'kredo_community_mod', stance: 'neutral', role: 'casual' },
  askHn: { network: 'hackernews', stance: 'neutral', role: 'analyst' },
  hnSubmitter: { network: 'hackernews', stance: 'neutral', role: 'casual' },
  showHn: { network: 'hackernews', stance: 'critic', role: 'analyst' },
  agencyRedditor: { network: 'reddit', stance: 'critic', role: 'agency' },
} satisfies Record<string, Character>

type CastKey = keyof typeof CAST

/** The posts that drive the story, at fixed minutes, with the size of the thread they draw. */
interface Beat {
  minute: number
  who: CastKey
  category: Category
  text: string
  replies: number
  boost?: number
  subreddit?: string
}

const BEATS: readonly Beat[] = [
  {
    minute: 0,
    who: 'dana',
    category: 'complaint',
    text: 'Woke up and my Kredo Score went from 71 to 38 overnight. My followers are up {pct}% this month and engagement is higher than it has been all year. Why did you change it, @kredo? #kredoscore',
    replies: 8,
    boost: 2,
  },
  {
    minute: 18,
    who: 'marisol',
    category: 'complaint',
    text: 'Kredo changed its scoring algorithm overnight without telling anyone. My Kredo Score: 84 → 52. My audience grew {pct}% this quarter. Brands and recruiters use this number. Either explain it or roll back, @kredo.',
    replies: 15,
    boost: 4,
  },
  {
    minute: 24,
    who: 'askHn',
    category: 'neutral',
    text: 'Ask HN: Did Kredo change its scoring model overnight?\n\nMy Kredo Score went from {old} to {new} this morning and several colleagues saw similar drops. Nothing on their blog or changelog. Does anyone know what changed, or whether the historical scores were recomputed on purpose?',
    replies: 9,
  },
  {
    minute: 41,
    who: 'wren',
    category: 'neutral',
    text: "I'm working on a story about the Kredo Score change. If your score dropped and it affected a job application or a client relationship, my DMs are open. Kredo hasn't replied to my questions yet.",
    replies: 10,
    boost: 1.5,
  },
  {
    minute: 47,
    who: 'ledger',
    category: 'neutral',
    text: 'Kredo overhauled how it calculates its influence score overnight. Users report drops of 30 points or more, and say past scores were recalculated too. Kredo did not respond to requests for comment. {link}',
    replies: 12,
    boost: 2,
  },
  {
    minute: 50,
    who: 'hnSubmitter',
    category: 'neutral',
    text: 'Kredo silently changes its influence score algorithm, rewrites score history (ledgerdaily.example)',
    replies: 15,
    boost: 2,
  },
  {
    minute: 55,
    who: 'bytewire',
    category: 'neutral',
    text: `Kredo, the influence-scoring site, changed its algorithm overnight and recomputed users' past scores. Users say it is hurting job applications and agency reports. We have asked Kredo what changed and why.\n\n#Kredo #SocialMedia ${BYTEWIRE_URL}`,
    replies: 6,
  },
  {
    minute: 108,
    who: 'nadia',
    category: 'complaint',
    text: 'Before/after of my Kredo Score history. Left: screenshot I took last Tuesday. Right: the same chart this morning. Every month of the past year is lower now, some by 30 points. They did not just change the score. They rewrote the past. 📉',
    replies: 15,
    boost: 5,
  },
  {
    minute: 116,
    who: 'showHn',
    category: 'complaint',
    text: 'Show HN: I diffed 14 months of my Kredo Score history before and after the change\n\nI had a monthly export from before the change. Every month was recomputed, not just the current score; the median month moved by 27 points. Script and data in the repo.',
    replies: 12,
  },
  {
    minute: 139,
    who: 'mod',
    category: 'neutral',
    text: 'Megathread: Kredo Score algorithm change and rewritten history\n\nPlease keep discussion of the scoring change here. What we know so far: scores changed overnight, historical scores were recalculated, and Kredo has not posted anything official. Post your before/after below and be civil.',
    replies: 15,
    boost: 2,
    subreddit: 'kredo',
  },
  {
    minute: 143,
    who: 'agencyRedditor',
    category: 'complaint',
    text: 'Agencies: how are you explaining the Kredo Score drop to clients?\n\nWe report Kredo Scores to {n} clients every month and every single one fell 20-40 points overnight, history included. {client} already asked whether their campaigns failed. I have no answer because Kredo has said nothing. What are you telling yours?',
    replies: 12,
    subreddit: 'marketing',
  },
  {
    minute: 150,
    who: 'ava',
    category: 'complaint',
    text: 'Update: we have told all {n} of our clients that we are removing Kredo Scores from monthly reports until Kredo explains what changed and why the history was rewritten.',
    replies: 6,
    boost: 1.5,
  },
  {
    minute: 170,
    who: 'marisol',
    category: 'complaint',
    text: "It's been {hours} hours. Still nothing from Kredo. Not a post, not a blog, not an email. That silence says more than the algorithm does.",
    replies: 8,
    boost: 3,
  },
]

/** Waves of root posts: a start, a size and how fast the wave fades. */
const WAVES: ReadonlyArray<{ atMs: number; count: number; fadeMs: number }> = [
  { atMs: 2 * MINUTE, count: 24, fadeMs: 9 * MINUTE },
  { atMs: 18 * MINUTE, count: 44, fadeMs: 12 * MINUTE },
  { atMs: 47 * MINUTE, count: 34, fadeMs: 13 * MINUTE },
  { atMs: 108 * MINUTE, count: 58, fadeMs: 10 * MINUTE },
  { atMs: 140 * MINUTE, count: 22, fadeMs: 14 * MINUTE },
]
/**
 * What roots are, by phase of the story (until minute N): complaints dominate, the press wave
 * brings more neutral posts, and defenders show up once the backlash is big.
 */
const ROOT_MIX: ReadonlyArray<{ until: number; mix: Record<string, number> }> = [
  { until: 18, mix: { complaint: 74, neutral: 22, praise: 4 } },
  { until: 47, mix: { complaint: 62, neutral: 26, praise: 12 } },
  { until: 80, mix: { complaint: 50, neutral: 38, praise: 12 } },
  { until: 108, mix: { complaint: 55, neutral: 32, praise: 13 } },
  { until: Infinity, mix: { complaint: 60, neutral: 27, praise: 13 } },
]

/** What replies do, by what they answer: pile on, push back, ask, or joke. */
const REPLY_MIX: Record<'complaint' | 'neutral' | 'praise', Record<string, number>> = {
  complaint: { agree: 45, pushback: 12, question: 28, snark: 15 },
  neutral: { agree: 45, question: 32, pushback: 13, snark: 10 },
  praise: { rebut: 65, pushback: 15, question: 20 },
}

/** Roots in the first two minutes: enough complaints for the console to show right away. */
const FIRST_MINUTES_ROOTS = 12
/** Background chatter spread over the whole three hours. */
const BACKGROUND_ROOTS = 38
/** Ordinary roots (besides the scripted ones) that draw a thread of replies. */
const ORDINARY_THREADS = 32
const SINGLE_REPLIES = 16

export function generateDemoScenario(seed: number = DEFAULT_SEED): DemoItem[] {
  return new Scenario(seed).build()
}

class Scenario {
  private dice: Dice
  private ids: Ids
  private nodes: Node[] = []
  private authors: Author[] = []
  private regulars: Author[] = []
  private cast = new Map<CastKey, Author>()
  /** The creator whose post starts the second wave. */
  private big!: Author
  private threadPlans: Array<{ root: Node; replies: number }> = []

  constructor(seed: number) {
    this.dice = new Dice(seed)
    this.ids = new Ids(this.dice)
  }

  build(): DemoItem[] {
    this.castCharacters()
    this.scriptedBeats()
    this.ordinaryRoots()
    this.planThreads()
    for (const plan of this.threadPlans) this.growThread(plan.root, plan.replies)
    const sorted = [...this.nodes].sort((a, b) => a.offsetMs - b.offsetMs || a.index - b.index)
    return sorted.map((node) => this.toItem(node))
  }

  // -- people ----------------------------------------------------------------------------------

  private castCharacters() {
    for (const [key, c] of Object.entries(CAST) as Array<[CastKey, Character]>) {
      const author = this.newAuthor(c.network, c.stance, c.role, {
        handle: c.handle,
        displayName: c.displayName,
        followers: c.followers && this.dice.int(...c.followers),
      })
      if (c.scores) [author.before, author.after] = c.scores
      this.cast.set(key, author)
      if (c.regular) this.regulars.push(author)
    }
    this.big = this.cast.get('marisol')!
  }

  private newAuthor(
    network: Network,
    stance: Stance,
    role: Role,
    given: { handle?: string; displayName?: string | null; followers?: number | null } = {},
  ): Author {
    const d = this.dice
    const first = d.pick(FIRST_NAMES)
    const last = d.pick(LAST_NAMES)
    const base = ascii(
      d.weighted<string>([
        [`${first}${last}`, 3],
        [`${first}_${last}`, 2],
        [`${first[0]}${last}`, 2],
        [`${first}${d.int(1, 99)}`, 2],
        [`${last}${first[0]}`, 1],
        [`${first}${d.pick(['writes', 'makes', 'posts', 'does', 'talks'])}`, 1],
        [`hey${first}`, 1],
      ]),
    )
    const author: Author = {
      network,
      externalId: '',
      handle: '',
      displayName: null,
      followers: null,
      karma: null,
      stance,
      role,
      before: 0,
      after: 0,
    }
    if (stance === 'defender') {
      author.before = d.int(28, 62)
      author.after = author.before + d.int(2, 14)
    } else {
      author.before = d.int(44, 88)
      author.after = Math.max(6, author.before - d.int(12, 41))
    }

    const displayName = () =>
      d.weighted<string>([
        [`${first} ${last}`, 6],
        [first, 2],
        [`${first} ${last[0]}.`, 1],
        [`${first} ${last} | ${roleTag(role)}`, 1],
        [`${first} ${d.pick(['🌱', '✨', '📊', '☕', '🏳️‍🌈', '🌻'])}`, 1],
      ])

    switch (network) {
      case 'x':
        author.handle = given.handle ?? this.ids.handle('x', base, 15)
        author.externalId = this.ids.numeric(8, 19)
        author.followers = given.followers ?? this.socialFollowers(role, 260)
        break
      case 'bluesky': {
        author.handle =
          given.handle ??
          (d.chance(0.12)
            ? `${this.ids.handle('bluesky', base, 20)}.example`
            : `${this.ids.handle('bluesky', base.replace(/_/g, '-'), 20)}.bsky.social`)
        author.externalId = this.ids.did()
        author.followers = given.followers ?? this.socialFollowers(role, 220)
        break
      }
      case 'mastodon': {
        const instance = d.pick(MASTODON_INSTANCES)
        const local = given.handle ?? this.ids.handle('mastodon', base, 20)
        author.handle = `${local}@${instance}`
        author.externalId = `https://${instance}/users/${local}`
        author.followers = given.followers ?? this.socialFollowers(role, 170)
        break
      }
      case 'reddit': {
        author.handle =
          given.handle ??
          this.ids.handle(
            'reddit',
            d.chance(0.6)
              ? `${d.pick(REDDIT_ADJECTIVES)}_${d.pick(REDDIT_NOUNS)}${d.chance(0.6) ? d.int(1, 9999) : ''}`
              : `${ascii(first)}_does_${d.pick(['marketing', 'social', 'pr', 'content'])}`,
            20,
          )
        author.externalId = `t2_${this.ids.base36(d.int(6, 9))}`
        author.followers = given.followers ?? Math.floor(d.logNormal(12, 1.2))
        author.karma = Math.floor(d.logNormal(4_000, 1.4))
        break
      }
      case 'hackernews': {
        author.handle =
          given.handle ??
          this.ids.handle(
            'hackernews',
            d.chance(0.5)
              ? ascii(`${first[0]}${last}`)
              : `${d.pick(HN_WORDS)}${d.chance(0.5) ? d.int(1, 99) : ''}`,
            15,
          )
        author.externalId = author.handle
        author.followers = null
        author.karma = Math.floor(d.logNormal(3_000, 1.5))
        break
      }
    }
    if (network !== 'reddit' && network !== 'hackernews') {
      author.displayName = given.displayName !== undefined ? given.displayName : displayName()
    }
    this.authors.push(author)
    return author
  }

  /** Mostly hundreds of followers, a long tail into the millions. */
  private socialFollowers(role: Role, median: number): number {
    const d = this.dice
    if (d.chance(0.015)) return Math.round(d.pareto(50_000, 1.16, 2_000_000))
    const scale = role === 'agency' ? 2.5 : role === 'creator' ? 1.6 : 1
    return Math.max(3, Math.round(d.logNormal(median * scale, 1.35)))
  }

  /** An author for a new post: a regular, someone seen before, or a newcomer. */
  private authorFor(network: Network, stance: Stance, avoid: Author | null = null): Author {
    const d = this.dice
    const fits = (a: Author) => a.network === network && a.stance === stance && a !== avoid
    const regulars = this.regulars.filter(fits)
    if (stance === 'critic' && regulars.length && d.chance(0.16)) return d.pick(regulars)
    const seen = this.authors.filter((a) => fits(a) && a !== this.big)
    if (seen.length > 8 && d.chance(0.12)) return d.pick(seen)
    const role = d.weighted<Role>([
      ['seeker', 2],
      ['agency', 1.5],
      ['creator', 2.5],
      ['analyst', 1],
      ['casual', 3],
    ])
    return this.newAuthor(network, stance, role)
  }

  // -- posts -----------------------------------------------------------------------------------

  private addNode(
    offsetMs: number,
    author: Author,
    text: string,
    category: Category,
    options: { lang?: Lang; parent?: Node; boost?: number; subreddit?: string } = {},
  ): Node {
    const parent = options.parent ?? null
    const root = parent ? (parent.root ?? parent) : null
    const network = author.network
    const node: Node = {
      index: this.nodes.length,
      offsetMs: Math.round(offsetMs),
      network,
      externalId: '',
      url: '',
      text,
      lang: options.lang ?? 'en',
      author,
      category,
      parent,
      root,
      children: 0,
      boost: options.boost ?? 1,
      subreddit: root?.subreddit ?? options.subreddit ?? null,
      submission: root?.submission ?? null,
    }
    const t = node.offsetMs
    switch (network) {
      case 'x':
        node.externalId = this.ids.snowflake(t)
        node.url = `https://x.com/${author.handle}/status/${node.externalId}`
        break
      case 'bluesky': {
        const rkey = this.ids.tid(t)
        node.externalId = `at://${author.externalId}/app.bsky.feed.post/${rkey}`
        node.url = `https://bsky.app/profile/${author.handle}/post/${rkey}`
        break
      }
      case 'mastodon': {
        const [local, instance] = author.handle.split('@') as [string, string]
        node.externalId = this.ids.mastodon(t)
        node.url = `https://${instance}/@${local}/${node.externalId}`
        break
      }
      case 'reddit': {
        if (!parent) {
          const id36 = this.ids.redditPost(t)
          node.externalId = `t3_${id36}`
          node.submission = id36
          node.url = `https://www.reddit.com/r/${node.subreddit}/comments/${id36}/${slug(text)}/`
        } else {
          const id36 = this.ids.redditComment(t)
          node.externalId = `t1_${id36}`
          node.url = `https://www.reddit.com/r/${node.subreddit}/comments/${node.submission}/comment/${id36}/`
        }
        break
      }
      case 'hackernews':
        node.externalId = this.ids.hackernews(t)
        node.url = `https://news.ycombinator.com/item?id=${node.externalId}`
        break
    }
    if (parent) parent.children++
    this.nodes.push(node)
    return node
  }

  private slots(author: Author, offsetMs: number): Record<string, () => string> {
    const d = this.dice
    const drop = Math.abs(author.before - author.after)
    return {
      old: () => String(author.before),
      new: () => String(author.after),
      drop: () => String(drop),
      up: () => String(drop),
      low: () => String(Math.max(5, author.before - d.int(3, 8))),
      hist: () => String(Math.max(4, author.after + d.int(-4, 5))),
      peak: () => String(author.after + d.int(2, 9)),
      bigdrop: () => String(d.int(14, 42)),
      pct: () => String(d.int(4, 38)),
      sample: () => String(d.int(25, 120)),
      n: () => String(d.int(3, 14)),
      metric: () => d.pick(METRICS),
      job: () => d.pick(JOBS),
      employer: () => d.pick(EMPLOYERS),
      client: () => d.pick(CLIENTS),
      when: () => d.pick(WHEN),
      arrow: () => d.pick(ARROWS),
      hours: () => String(Math.round(HOURS_SINCE_CHANGE_AT_START + offsetMs / HOUR)),
      at: () => KREDO_AT[author.network],
      link: () => ARTICLE_URL,
      big: () =>
        author.network === 'x' ? `@${this.big.handle}` : (this.big.displayName ?? 'Marisol'),
    }
  }

  private fill(template: string, author: Author, offsetMs: number): string {
    const slots = this.slots(author, offsetMs)
    return template.replace(/\{(\w+)\}/g, (_, key: string, at: number) => {
      const slot = slots[key]
      if (!slot) throw new Error(`demo scenario: unknown slot {${key}}`)
      const value = slot()
      const startsSentence = at === 0 || /[.!?]\s+$/.test(template.slice(0, at))
      return startsSentence ? value.charAt(0).toUpperCase() + value.slice(1) : value
    })
  }

  /** Dresses a short text for X, Bluesky or Mastodon: opener, closer, hashtags, casing. */
  private dress(core: string, network: Network, category: Category): string {
    const d = this.dice
    const limit = network === 'x' ? 280 : network === 'bluesky' ? 300 : 500
    const opener = category === 'complaint' && d.chance(0.18) ? d.pick(OPENERS) : ''
    const closer = category === 'complaint' && d.chance(0.25) ? d.pick(CLOSERS) : ''
    const tagPool = HASHTAGS[network] ?? []
    const tagChance = network === 'x' ? 0.45 : network === 'mastodon' ? 0.4 : 0.2
    const tags: string[] = []
    if (tagPool.length && d.chance(tagChance)) {
      tags.push(d.pick(tagPool))
      if (d.chance(0.3)) {
        const second = d.pick(tagPool)
        if (!tags.includes(second)) tags.push(second)
      }
    }
    const ended = /[.!?)…]$/u.test(core) || !/^[A-Za-z]/.test(closer)
    let text = [opener, ended ? core : `${core}.`, closer].filter(Boolean).join(' ')
    if (!closer) text = [opener, core].filter(Boolean).join(' ')
    if (tags.length) text += (network === 'mastodon' ? '\n\n' : ' ') + tags.join(' ')
    if (text.length > limit) text = core
    return category !== 'noise' && d.chance(0.12) ? text.toLowerCase() : text
  }

  private pool(
    base: readonly string[],
    later: ReadonlyArray<readonly [number, readonly string[]]>,
    t: number,
  ) {
    // Right after a beat, people mostly talk about that beat.
    const fresh = later.filter(([minute]) => t >= minute * MINUTE && t < (minute + 35) * MINUTE)
    const unlocked = later.filter(([minute]) => t >= minute * MINUTE).flatMap(([, texts]) => texts)
    if (fresh.length && this.dice.chance(0.4)) return fresh.flatMap(([, texts]) => texts)
    return this.dice.chance(0.15) && unlocked.length ? unlocked : base
  }

  private shortText(author: Author, category: Category, t: number): string {
    const d = this.dice
    let template: string
    if (category === 'complaint') {
      const pool = this.pool([], LATER_COMPLAINTS, t)
      template = pool.length
        ? d.pick(pool)
        : d.pick(COMPLAINTS[d.weighted(Object.entries(THEME_WEIGHTS[author.role]))]!)
    } else if (category === 'neutral') {
      template = d.pick(this.pool(NEUTRALS, LATER_NEUTRALS, t))
    } else if (category === 'praise') {
      template = d.pick(PRAISES)
    } else {
      template = d.pick(NOISE)
    }
    return this.dress(this.fill(template, author, t), author.network, category)
  }

  private longText(
    author: Author,
    category: Category,
    t: number,
    parts: number,
    intro = true,
  ): string {
    const d = this.dice
    const picks: string[] = []
    const take = (key: string) => {
      const options = LONG[key]!.filter((s) => !picks.includes(s))
      if (options.length) picks.push(d.pick(options))
    }
    if (category === 'complaint') {
      if (intro) take('intro')
      take('evidence')
      if (parts > 2) {
        take(
          author.role === 'seeker'
            ? 'harmJob'
            : author.role === 'agency'
              ? 'harmClient'
              : d.pick(['harmCreator', 'evidence']),
        )
      }
      if (parts > 3 || d.chance(0.5)) take('demand')
    } else if (category === 'neutral') {
      take('question')
      take('speculate')
      if (parts > 2) take('speculate')
    } else {
      take('defend')
      if (parts > 2) take('defend')
      take('caveat')
    }
    return this.fill(picks.join(' '), author, t)
  }

  private redditSubmission(
    author: Author,
    category: 'complaint' | 'neutral' | 'praise',
    t: number,
  ) {
    const d = this.dice
    const title = this.fill(d.pick(REDDIT_TITLES[category]), author, t)
    const body = this.longText(author, category, t, d.int(3, 4))
    const sub = d.pick(
      author.role === 'seeker' ? ['recruitinghell', 'kredo', 'socialmedia'] : SUBREDDITS,
    )
    return this.addNode(t, author, `${title}\n\n${body}`, category, { subreddit: sub })
  }

  // -- timeline --------------------------------------------------------------------------------

  private scriptedBeats() {
    const d = this.dice
    for (const beat of BEATS) {
      const author = this.cast.get(beat.who)!
      // The very first post lands seconds in, so the console has something at once.
      const t =
        beat.minute === 0 ? d.int(1_000, 4_500) : beat.minute * MINUTE + d.int(0, 50) * SECOND
      const root = this.addNode(t, author, this.fill(beat.text, author, t), beat.category, {
        boost: beat.boost,
        subreddit: beat.subreddit,
      })
      this.threadPlans.push({ root, replies: beat.replies })
    }
  }

  private ordinaryRoots() {
    const d = this.dice
    const times: number[] = []
    for (let i = 0; i < FIRST_MINUTES_ROOTS; i++) times.push(d.int(5, 115) * SECOND + d.int(0, 999))
    for (const wave of WAVES) {
      const count = Math.round(wave.count * (0.9 + 0.2 * d.next()))
      for (let i = 0; i < count; i++) times.push(wave.atMs + d.exponential(wave.fadeMs))
    }
    for (let i = 0; i < BACKGROUND_ROOTS; i++) times.push(d.next() * END_MS)

    for (const t of times) {
      if (t > END_MS - 2 * MINUTE) continue
      const category = this.rootCategory(t)
      const network = d.weighted<Network>([
        ['x', 43],
        ['bluesky', 33],
        ['mastodon', 20],
        ['reddit', t < 2 * MINUTE ? 0 : 3],
      ])
      const stance: Stance =
        category === 'complaint' ? 'critic' : category === 'praise' ? 'defender' : 'neutral'
      if (network === 'reddit') {
        this.redditSubmission(
          this.authorFor('reddit', stance),
          category === 'praise' ? 'praise' : category === 'neutral' ? 'neutral' : 'complaint',
          t,
        )
        continue
      }
      if (d.chance(0.07)) {
        const lang = d.weighted<Exclude<Lang, 'en'>>([
          ['es', 35],
          ['pt', 30],
          ['de', 20],
          ['fr', 15],
        ])
        const author = this.newAuthor(
          network,
          stance,
          d.pick(['casual', 'creator', 'seeker', 'agency'] as const),
        )
        const pool =
          NON_ENGLISH[lang][
            category === 'praise' ? 'praise' : category === 'neutral' ? 'neutral' : 'complaint'
          ]
        this.addNode(t, author, this.fill(d.pick(pool), author, t), category, { lang })
        continue
      }
      const author = this.authorFor(network, stance)
      this.addNode(t, author, this.shortText(author, category, t), category)
    }

    // A few posts about an unrelated bank: what the brand's excluded term is there to filter.
    for (let i = 0; i < NOISE.length - 1; i++) {
      const t = d.next() * (END_MS - 5 * MINUTE)
      const author = this.newAuthor(d.pick(['x', 'mastodon'] as const), 'neutral', 'casual')
      this.addNode(t, author, this.shortText(author, 'noise', t), 'noise')
    }
  }

  private rootCategory(t: number): Category {
    const { mix } = ROOT_MIX.find(({ until }) => t < until * MINUTE)!
    return this.dice.weighted(Object.entries(mix) as Array<[Category, number]>)
  }

  // -- threads ---------------------------------------------------------------------------------

  private planThreads() {
    const d = this.dice
    const planned = new Set(this.threadPlans.map((p) => p.root))
    for (const node of this.nodes) {
      if (node.network === 'reddit' && !node.parent && !planned.has(node)) {
        this.threadPlans.push({ root: node, replies: d.int(3, 10) })
        planned.add(node)
      }
    }
    const candidates = this.nodes
      .filter(
        (n) =>
          !planned.has(n) &&
          !n.parent &&
          n.lang === 'en' &&
          n.category !== 'noise' &&
          n.offsetMs < END_MS - 15 * MINUTE,
      )
      .map((n) => ({ n, rank: Math.log10((n.author.followers ?? 10) + 10) + d.next() * 2.5 }))
      .sort((a, b) => b.rank - a.rank)
      .map(({ n }) => n)
    for (const node of candidates.slice(0, ORDINARY_THREADS)) {
      const reach = 1 + Math.log10((node.author.followers ?? 10) + 1) / 3
      const replies = Math.round(2 + d.logNormal(1.1, 0.8) * reach)
      this.threadPlans.push({ root: node, replies: Math.min(12, Math.max(2, replies)) })
    }
    for (const node of candidates.slice(ORDINARY_THREADS, ORDINARY_THREADS + SINGLE_REPLIES)) {
      this.threadPlans.push({ root: node, replies: 1 })
    }
  }

  private replyDelay(network: Network): number {
    const median = { x: 2, bluesky: 2.5, mastodon: 5, reddit: 7, hackernews: 9 }[network] * MINUTE
    return Math.max(4 * SECOND, this.dice.logNormal(median, 1.05))
  }

  private growThread(root: Node, count: number) {
    const d = this.dice
    const thread: Node[] = [root]
    const deep = root.network === 'reddit' || root.network === 'hackernews'
    for (let i = 0; i < Math.min(15, count); i++) {
      const parent =
        thread.length === 1 || d.chance(deep ? 0.45 : 0.6) ? root : d.pick(thread.slice(1))
      const offset = parent.offsetMs + this.replyDelay(root.network)
      if (offset > END_MS) continue
      thread.push(this.reply(parent, root, offset, thread))
    }
  }

  private reply(parent: Node, root: Node, t: number, thread: readonly Node[]): Node {
    const d = this.dice
    const network = root.network
    const op = root.author
    let author: Author
    let kind: string
    let category: Category
    // The original poster answers people under their post now and then.
    if (parent !== root && parent.author !== op && op.stance === 'critic' && d.chance(0.25)) {
      author = op
      kind = { praise: 'opRebut', neutral: 'opAnswer' }[parent.category as string] ?? 'opThanks'
      category = 'complaint'
    } else {
      kind = d.weighted(
        Object.entries(REPLY_MIX[parent.category === 'noise' ? 'neutral' : parent.category]),
      )
      category = kind === 'pushback' ? 'praise' : kind === 'question' ? 'neutral' : 'complaint'
      const stance: Stance =
        category === 'praise' ? 'defender' : category === 'neutral' ? 'neutral' : 'critic'
      author = this.authorFor(network, stance, parent.author)
    }
    // Nobody in one thread repeats a sentence someone above already wrote.
    const said = new Set(thread.flatMap((n) => sentences(n.text)))
    let text = this.replyText(network, kind, author, parent, t)
    for (let tries = 0; tries < 8 && sentences(text).some((x) => said.has(x)); tries++) {
      text = this.replyText(network, kind, author, parent, t)
    }
    return this.addNode(t, author, text, category, { parent })
  }

  private replyText(
    network: Network,
    kind: string,
    author: Author,
    parent: Node,
    t: number,
  ): string {
    const d = this.dice
    if (network === 'hackernews') {
      const stance = kind === 'pushback' ? 'praise' : kind === 'question' ? 'neutral' : 'complaint'
      const pieces = HN_PIECES[stance]
      const first = d.pick(pieces)
      const second = d.chance(0.45) ? d.pick(pieces.filter((p) => p !== first)) : ''
      return [first, second].filter(Boolean).join('\n\n')
    }
    if (network === 'reddit') {
      const category =
        kind === 'pushback' ? 'praise' : kind === 'question' ? 'neutral' : 'complaint'
      const opener = REDDIT_REPLY_OPENERS[kind]
      const body = this.longText(author, category, t, d.int(1, 3), !opener)
      const lead = opener ? this.fill(d.pick(opener), author, t) : ''
      return [lead, body].filter(Boolean).join(' ')
    }
    const text = this.fill(d.pick(REPLIES[kind]!), author, t)
    // X and Mastodon replies open with the handle they answer.
    if (network === 'x') return `@${parent.author.handle} ${text}`
    if (network === 'mastodon') return `@${parent.author.handle.split('@')[0]} ${text}`
    return text
  }

  // -- output ----------------------------------------------------------------------------------

  private engagement(node: Node) {
    const d = this.dice
    const tone = node.category === 'complaint' ? 1 : node.category === 'neutral' ? 0.7 : 0.5
    const depth = node.parent ? 0.25 : 1
    if (node.network === 'reddit') {
      const likes = Math.floor(d.logNormal(node.parent ? 6 : 90, 1.2) * node.boost)
      return {
        likes,
        replies: node.children + (node.parent ? 0 : Math.floor(likes * 0.12)),
        shares: 0,
      }
    }
    if (node.network === 'hackernews') {
      const likes = node.parent ? 0 : Math.floor(d.logNormal(160, 0.6) * node.boost)
      return {
        likes,
        replies: node.children + (node.parent ? 0 : Math.floor(likes * 0.4)),
        shares: 0,
      }
    }
    const followers = node.author.followers ?? 0
    const likes = Math.floor(
      followers * 0.012 * d.logNormal(1, 1.1) * tone * depth * node.boost + d.int(0, 4),
    )
    const shareRate = node.network === 'mastodon' ? 0.35 : node.network === 'x' ? 0.22 : 0.15
    const shares = Math.floor(likes * shareRate * d.logNormal(1, 0.6))
    const replies = node.children + Math.floor(likes * 0.04 * d.logNormal(1, 0.7))
    return { likes, replies, shares }
  }

  private toItem(node: Node): DemoItem {
    const { author } = node
    return {
      offsetMs: node.offsetMs,
      post: {
        network: node.network,
        externalId: node.externalId,
        url: node.url,
        text: node.text,
        lang: node.lang,
        author: {
          externalId: author.externalId,
          handle: author.handle,
          displayName: author.displayName,
          followers: author.followers,
          karma: author.karma,
        },
        inReplyTo: node.parent?.externalId ?? null,
        threadId: node.root?.externalId ?? null,
        engagement: this.engagement(node),
      },
    }
  }
}

function roleTag(role: Role): string {
  return {
    seeker: 'open to work',
    agency: 'agency owner',
    creator: 'creator',
    analyst: 'data nerd',
    casual: 'views my own',
  }[role]
}

/** The longer sentences of a text, without the leading @mention, to spot repeats. */
const sentences = (text: string) =>
  text
    .replace(/^@\S+\s+/, '')
    .split(/(?<=[.?!])\s+|\n+/)
    .filter((x) => x.length >= 25)

function slug(text: string): string {
  const title = text.split('\n')[0] ?? ''
  return (
    ascii(title.replace(/[\s-]+/g, '_'))
      .replace(/_+/g, '_')
      .replace(/^_|_$/g, '')
      .slice(0, 50)
      .replace(/_$/, '') || 'post'
  )
}
