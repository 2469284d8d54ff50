import type { NormalizedPostInput } from '../../../shared/schemas/posts.js'
import { Dice } from './dice.js'
import { NetworkIds } from './network-ids.js'
import {
  CATEGORIES,
  KREDO_SCENARIO_FILE,
  loadScenarioData,
  type Character,
  type LANGS,
  type NETWORKS,
  type SlotName,
} from './scenario-data.js'

/**
 * The demo backlash: a fictional influence-scoring site, Kredo, changed how its "Kredo Score"
 * (0-100) is computed overnight, without notice. Scores fell while people's real audiences grew,
 * past scores were recomputed so the history graphs changed too, job seekers and agencies (who
 * report the score to clients) are hurt, and the company says nothing.
 *
 * Three simulated hours, in waves: people noticing (the first minutes), a big creator posting
 * (~18 min), the press picking it up (~47 min), a lull, a before/after history graph going round
 * (~108 min), then agencies and a Reddit megathread (~140 min). The story (people, texts, beats,
 * waves) is data, demo/kredo-scenario.json; this file is the generator that draws posts from it
 * with one seeded generator, so a seed always gives the same posts, ids and numbers.
 */

export interface DemoItem {
  offsetMs: number
  post: Omit<NormalizedPostInput, 'postedAt'>
}

/**
 * A demo post with the grievance its text was drawn for (a key of `texts.complaints`), for
 * measuring themes; null when it is no complaint or mixes grievances (long posts, replies,
 * other languages, scripted beats). Never part of a post.
 */
export interface LabelledDemoItem extends DemoItem {
  grievance: string | null
}

const STORY = loadScenarioData(KREDO_SCENARIO_FILE)
const { texts, slots: SLOT_LISTS, names: NAMES } = STORY

export const DEMO_BRAND: {
  slug: string
  name: string
  trackedTerms: string[]
  excludedTerms: string[]
} = STORY.brand

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const END_MS = STORY.durationMinutes * MINUTE

type Network = (typeof NETWORKS)[number]
type Lang = (typeof LANGS)[number]
type Category = (typeof CATEGORIES)[number]
type Stance = Character['stance']
type Role = Character['role']

/** A name made safe for a handle: no accents, lower case, letters, digits and underscores. */
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '')

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
  grievance: string | null
}

export function generateDemoScenario(seed: number = STORY.seed): DemoItem[] {
  return new Scenario(seed).build().map(({ offsetMs, post }) => ({ offsetMs, post }))
}

/** The same posts as generateDemoScenario, each with its grievance label (see LabelledDemoItem). */
export function generateLabelledDemoScenario(seed: number = STORY.seed): LabelledDemoItem[] {
  return new Scenario(seed).build()
}

class Scenario {
  private dice: Dice
  private ids: NetworkIds
  private nodes: Node[] = []
  private authors: Author[] = []
  private regulars: Author[] = []
  private cast = new Map<string, Author>()
  /** The creator whose post starts the second wave. */
  private big!: Author
  private threadPlans: Array<{ root: Node; replies: number }> = []

  constructor(seed: number) {
    this.dice = new Dice(seed)
    this.ids = new NetworkIds(this.dice, STORY.epochMs)
  }

  build(): LabelledDemoItem[] {
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
    for (const [key, c] of Object.entries(STORY.cast)) {
      const author = this.newAuthor(c.network, c.stance, c.role, {
        handle: c.handle,
        displayName: c.displayName,
        followers: c.followers && this.dice.int(...c.followers),
      })
      if (c.scores) [author.before, author.after] = c.scores
      this.cast.set(key, author)
      if (c.regular) this.regulars.push(author)
    }
    this.big = this.cast.get(STORY.bigCreator)!
  }

  private newAuthor(
    network: Network,
    stance: Stance,
    role: Role,
    given: { handle?: string; displayName?: string | null; followers?: number | null } = {},
  ): Author {
    const d = this.dice
    const first = d.pick(NAMES.first)
    const last = d.pick(NAMES.last)
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
        const instance = d.pick(STORY.mastodonInstances)
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
              ? `${d.pick(NAMES.redditAdjectives)}_${d.pick(NAMES.redditNouns)}${d.chance(0.6) ? d.int(1, 9999) : ''}`
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
              : `${d.pick(NAMES.hnWords)}${d.chance(0.5) ? d.int(1, 99) : ''}`,
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
    options: {
      lang?: Lang
      parent?: Node
      boost?: number
      subreddit?: string
      grievance?: string | null
    } = {},
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
      grievance: options.grievance ?? null,
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

  private slots(author: Author, offsetMs: number): Record<SlotName, () => string> {
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
      metric: () => d.pick(SLOT_LISTS.metrics),
      job: () => d.pick(SLOT_LISTS.jobs),
      employer: () => d.pick(SLOT_LISTS.employers),
      client: () => d.pick(SLOT_LISTS.clients),
      when: () => d.pick(SLOT_LISTS.when),
      arrow: () => d.pick(SLOT_LISTS.arrows),
      hours: () => String(Math.round(STORY.hoursSinceChangeAtStart + offsetMs / HOUR)),
      at: () => STORY.kredoAt[author.network]!,
      link: () => STORY.articleUrl,
      big: () =>
        author.network === 'x' ? `@${this.big.handle}` : (this.big.displayName ?? 'Marisol'),
    }
  }

  private fill(template: string, author: Author, offsetMs: number): string {
    const slots = this.slots(author, offsetMs)
    return template.replace(/\{(\w+)\}/g, (_, key: string, at: number) => {
      const slot = slots[key as SlotName] as (() => string) | undefined
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
    const opener = category === 'complaint' && d.chance(0.18) ? d.pick(texts.openers) : ''
    const closer = category === 'complaint' && d.chance(0.25) ? d.pick(texts.closers) : ''
    const tagPool = texts.hashtags[network] ?? []
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
    later: ReadonlyArray<{ minute: number; texts: readonly string[] }>,
    t: number,
  ) {
    // Right after a beat, people mostly talk about that beat.
    const fresh = later.filter(({ minute }) => t >= minute * MINUTE && t < (minute + 35) * MINUTE)
    const unlocked = later.filter(({ minute }) => t >= minute * MINUTE).flatMap((l) => l.texts)
    if (fresh.length && this.dice.chance(0.4)) return fresh.flatMap((l) => l.texts)
    return this.dice.chance(0.15) && unlocked.length ? unlocked : base
  }

  private shortText(
    author: Author,
    category: Category,
    t: number,
  ): { text: string; grievance: string | null } {
    const d = this.dice
    let template: string
    let grievance: string | null = null
    if (category === 'complaint') {
      const pool = this.pool([], texts.laterComplaints, t)
      if (pool.length) {
        template = d.pick(pool)
        grievance = texts.laterComplaints.find((l) => l.texts.includes(template))!.grievance
      } else {
        grievance = d.weighted(Object.entries(texts.themeWeights[author.role]!))
        template = d.pick(texts.complaints[grievance]!)
      }
    } else if (category === 'neutral') {
      template = d.pick(this.pool(texts.neutrals, texts.laterNeutrals, t))
    } else if (category === 'praise') {
      template = d.pick(texts.praises)
    } else {
      template = d.pick(texts.noise)
    }
    return { text: this.dress(this.fill(template, author, t), author.network, category), grievance }
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
    const take = (key: keyof typeof texts.long) => {
      const options = texts.long[key].filter((s) => !picks.includes(s))
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
    const title = this.fill(d.pick(texts.redditTitles[category]), author, t)
    const body = this.longText(author, category, t, d.int(3, 4))
    const sub = d.pick(
      author.role === 'seeker' ? ['recruitinghell', 'kredo', 'socialmedia'] : STORY.subreddits,
    )
    return this.addNode(t, author, `${title}\n\n${body}`, category, { subreddit: sub })
  }

  // -- timeline --------------------------------------------------------------------------------

  private scriptedBeats() {
    const d = this.dice
    for (const beat of STORY.beats) {
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
    for (let i = 0; i < STORY.counts.firstMinutesRoots; i++)
      times.push(d.int(5, 115) * SECOND + d.int(0, 999))
    for (const wave of STORY.waves) {
      const count = Math.round(wave.count * (0.9 + 0.2 * d.next()))
      for (let i = 0; i < count; i++)
        times.push(wave.atMinute * MINUTE + d.exponential(wave.fadeMinutes * MINUTE))
    }
    for (let i = 0; i < STORY.counts.backgroundRoots; i++) times.push(d.next() * END_MS)

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
          texts.nonEnglish[lang][
            category === 'praise' ? 'praise' : category === 'neutral' ? 'neutral' : 'complaint'
          ]
        this.addNode(t, author, this.fill(d.pick(pool), author, t), category, { lang })
        continue
      }
      const author = this.authorFor(network, stance)
      const { text, grievance } = this.shortText(author, category, t)
      this.addNode(t, author, text, category, { grievance })
    }

    // A few posts about an unrelated bank: what the brand's excluded term is there to filter.
    for (let i = 0; i < texts.noise.length - 1; i++) {
      const t = d.next() * (END_MS - 5 * MINUTE)
      const author = this.newAuthor(d.pick(['x', 'mastodon'] as const), 'neutral', 'casual')
      this.addNode(t, author, this.shortText(author, 'noise', t).text, 'noise')
    }
  }

  private rootCategory(t: number): Category {
    const { mix } = STORY.rootMix.find(
      ({ untilMinute }) => untilMinute === null || t < untilMinute * MINUTE,
    )!
    return this.dice.weighted(Object.entries(mix) as Array<[Category, number]>)
  }

  // -- threads ---------------------------------------------------------------------------------

  private planThreads() {
    const d = this.dice
    const { ordinaryThreads, singleReplies } = STORY.counts
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
    for (const node of candidates.slice(0, ordinaryThreads)) {
      const reach = 1 + Math.log10((node.author.followers ?? 10) + 1) / 3
      const replies = Math.round(2 + d.logNormal(1.1, 0.8) * reach)
      this.threadPlans.push({ root: node, replies: Math.min(12, Math.max(2, replies)) })
    }
    for (const node of candidates.slice(ordinaryThreads, ordinaryThreads + singleReplies)) {
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
        Object.entries(STORY.replyMix[parent.category === 'noise' ? 'neutral' : parent.category]),
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
      const pieces = texts.hnPieces[stance]
      const first = d.pick(pieces)
      const second = d.chance(0.45) ? d.pick(pieces.filter((p) => p !== first)) : ''
      return [first, second].filter(Boolean).join('\n\n')
    }
    if (network === 'reddit') {
      const category =
        kind === 'pushback' ? 'praise' : kind === 'question' ? 'neutral' : 'complaint'
      const opener = texts.redditReplyOpeners[kind]
      const body = this.longText(author, category, t, d.int(1, 3), !opener)
      const lead = opener ? this.fill(d.pick(opener), author, t) : ''
      return [lead, body].filter(Boolean).join(' ')
    }
    const text = this.fill(d.pick(texts.replies[kind]!), author, t)
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

  private toItem(node: Node): LabelledDemoItem {
    const { author } = node
    return {
      grievance: node.grievance,
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
