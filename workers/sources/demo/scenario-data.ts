import fs from 'node:fs'
import { z } from 'zod'

/**
 * The demo backlash's data (kredo-scenario.json): its people, what they say and when. The
 * generator (scenario.ts) is the code that turns it into posts; everything a writer
 * would edit to change the story lives in the file, checked here when it loads so that a typo
 * fails at start with the path of the bad value instead of posting "{oldd}" to the console.
 */

export const NETWORKS = ['bluesky', 'mastodon', 'x', 'reddit', 'hackernews'] as const
export const LANGS = ['en', 'es', 'pt', 'de', 'fr'] as const
export const CATEGORIES = ['complaint', 'neutral', 'praise', 'noise'] as const
const STANCES = ['critic', 'neutral', 'defender', 'press'] as const
const ROLES = ['seeker', 'agency', 'creator', 'analyst', 'casual'] as const

/**
 * The slots a template may use, each filled per author and moment by the generator: {old} {new}
 * the author's score before/after, {drop} their loss, {up} a defender's gain, {low} a past low,
 * {hist} a recomputed past score, {peak}, {bigdrop} someone else's drop, {pct} audience growth,
 * {sample}, {n} a small count, {metric} {job} {employer} {client} {when} {arrow} from the slot
 * lists, {hours} since the change, {at} Kredo's account on this network, {link} the news
 * article, {big} the creator whose post went viral.
 */
export const SLOT_NAMES = [
  'old',
  'new',
  'drop',
  'up',
  'low',
  'hist',
  'peak',
  'bigdrop',
  'pct',
  'sample',
  'n',
  'metric',
  'job',
  'employer',
  'client',
  'when',
  'arrow',
  'hours',
  'at',
  'link',
  'big',
] as const
export type SlotName = (typeof SLOT_NAMES)[number]

const SLOT = /\{(\w+)\}/g
const Template = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    const unknown = [...text.matchAll(SLOT)]
      .map(([, name]) => name!)
      .filter((name) => !SLOT_NAMES.includes(name as SlotName))
    if (unknown.length)
      ctx.addIssue({
        code: 'custom',
        message: `uses unknown slot {${unknown[0]}} (known: ${SLOT_NAMES.join(' ')})`,
      })
  })
const Templates = z.array(Template).min(1)
const Words = z.array(z.string().min(1)).min(1)
const Network = z.enum(NETWORKS)
const Stance = z.enum(STANCES)
const Role = z.enum(ROLES)
const Category = z.enum(CATEGORIES)
const Range = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])
const Weights = z.record(z.string(), z.number().positive())
/** Texts that unlock once the story reaches a minute (after the beat that makes them true). */
const Later = z.array(z.object({ minute: z.number().nonnegative(), texts: Templates }))
/** Later complaints name the grievance they are about (a key of `texts.complaints`). */
const LaterComplaints = z.array(
  z.object({ minute: z.number().nonnegative(), grievance: z.string().min(1), texts: Templates }),
)
const ByCategory = z.object({ complaint: Templates, neutral: Templates, praise: Templates })

const Character = z.object({
  network: Network,
  /** Without one, the generator makes up a handle and a name. */
  handle: z.string().min(1).optional(),
  displayName: z.string().min(1).nullable().optional(),
  followers: Range.optional(),
  stance: Stance,
  role: Role,
  /** Kredo Score before and after the change. */
  scores: Range.optional(),
  /** A prolific complainer who keeps posting through the morning. */
  regular: z.boolean().optional(),
})

const Beat = z.object({
  minute: z.number().nonnegative(),
  who: z.string(),
  category: Category,
  text: Template,
  /** How many replies the post draws. */
  replies: z.number().int().nonnegative(),
  /** How much faster than usual its replies come. */
  boost: z.number().positive().optional(),
  subreddit: z.string().min(1).optional(),
})

const ScenarioSchema = z
  .object({
    brand: z.object({
      slug: z.string().min(1),
      name: z.string().min(1),
      trackedTerms: Words,
      excludedTerms: z.array(z.string().min(1)),
    }),
    seed: z.number().int(),
    durationMinutes: z.number().positive(),
    /** The wall time offset 0 stands for in ids that embed a timestamp (snowflakes, TIDs). */
    epochMs: z.number().int().positive(),
    /** Hours between the silent change and offset 0, for {hours}. */
    hoursSinceChangeAtStart: z.number().nonnegative(),
    articleUrl: z.url(),
    names: z.object({
      first: Words,
      last: Words,
      redditAdjectives: Words,
      redditNouns: Words,
      hnWords: Words,
    }),
    mastodonInstances: Words,
    subreddits: Words,
    kredoAt: z.record(Network, z.string().min(1)),
    slots: z.object({
      jobs: Words,
      employers: Words,
      clients: Words,
      metrics: Words,
      when: Words,
      arrows: Words,
    }),
    texts: z.object({
      /** Complaint templates by theme. */
      complaints: z.record(z.string(), Templates),
      /** How often each role complains about each theme. */
      themeWeights: z.record(Role, Weights),
      laterComplaints: LaterComplaints,
      neutrals: Templates,
      laterNeutrals: Later,
      praises: Templates,
      noise: Templates,
      openers: Templates,
      closers: Templates,
      hashtags: z.partialRecord(Network, Words),
      /** Replies on the short-form networks, by what the reply does. */
      replies: z.record(z.string(), Templates),
      /** Pieces of the long Reddit posts and comments. */
      long: z.object({
        intro: Templates,
        evidence: Templates,
        harmJob: Templates,
        harmClient: Templates,
        harmCreator: Templates,
        demand: Templates,
        question: Templates,
        speculate: Templates,
        defend: Templates,
        caveat: Templates,
      }),
      redditTitles: ByCategory,
      redditReplyOpeners: z.record(z.string(), Templates),
      hnPieces: ByCategory,
      nonEnglish: z.record(z.enum(LANGS).exclude(['en']), ByCategory),
    }),
    /** The people the story is about. */
    cast: z.record(z.string(), Character),
    /** The creator whose post starts the second wave: {big}. */
    bigCreator: z.string(),
    /** The posts that drive the story, at fixed minutes. */
    beats: z.array(Beat).min(1),
    /** Waves of root posts: a start, a size and how fast each fades. */
    waves: z.array(
      z.object({
        atMinute: z.number().nonnegative(),
        count: z.number().int().nonnegative(),
        fadeMinutes: z.number().positive(),
      }),
    ),
    /** What roots are, by phase of the story; the last phase (untilMinute null) runs to the end. */
    rootMix: z.array(
      z.object({
        untilMinute: z.number().positive().nullable(),
        mix: z.partialRecord(Category, z.number().nonnegative()),
      }),
    ),
    /** What replies do, by what they answer. */
    replyMix: z.object({ complaint: Weights, neutral: Weights, praise: Weights }),
    counts: z.object({
      /** Roots in the first two minutes: enough complaints for the console to show at once. */
      firstMinutesRoots: z.number().int().nonnegative(),
      /** Background chatter over the whole story. */
      backgroundRoots: z.number().int().nonnegative(),
      /** Ordinary roots (besides the beats) that draw a thread of replies. */
      ordinaryThreads: z.number().int().nonnegative(),
      singleReplies: z.number().int().nonnegative(),
    }),
  })
  .superRefine((data, ctx) => {
    const cast = new Set(Object.keys(data.cast))
    if (!cast.has(data.bigCreator))
      ctx.addIssue({ code: 'custom', path: ['bigCreator'], message: 'is not in the cast' })
    data.beats.forEach((beat, i) => {
      if (!cast.has(beat.who))
        ctx.addIssue({ code: 'custom', path: ['beats', i, 'who'], message: 'is not in the cast' })
    })
    const replyKinds = new Set(Object.keys(data.texts.replies))
    for (const [answering, mix] of Object.entries(data.replyMix))
      for (const kind of Object.keys(mix))
        if (!replyKinds.has(kind))
          ctx.addIssue({
            code: 'custom',
            path: ['replyMix', answering, kind],
            message: 'has no texts in texts.replies',
          })
    const themes = new Set(Object.keys(data.texts.complaints))
    for (const [role, weights] of Object.entries(data.texts.themeWeights))
      for (const theme of Object.keys(weights))
        if (!themes.has(theme))
          ctx.addIssue({
            code: 'custom',
            path: ['texts', 'themeWeights', role, theme],
            message: 'has no texts in texts.complaints',
          })
    if (data.rootMix.at(-1)?.untilMinute !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['rootMix'],
        message: 'must end with a phase whose untilMinute is null (to the end)',
      })
  })

export type ScenarioData = z.infer<typeof ScenarioSchema>
export type Character = z.infer<typeof Character>

/** Reads and checks a scenario file; throws naming the file and every bad value's path. */
export function loadScenarioData(file: URL | string): ScenarioData {
  const parsed = ScenarioSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
  if (!parsed.success)
    throw new Error(`demo scenario ${String(file)}: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}

/** The Kredo story that ships with Firebreak, next to this file in the source and in dist/. */
export const KREDO_SCENARIO_FILE = new URL('./kredo-scenario.json', import.meta.url)
