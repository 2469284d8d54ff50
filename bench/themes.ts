import { z } from 'zod'
import { ConfigError } from '../server/config.js'
import { flagProblems, parseArgv } from '../server/lib/flags.js'
import { analyzeText } from '../workers/pipeline/analyze.js'
import { inBrandContext } from '../workers/pipeline/relevance.js'
import { discoverThemes } from '../workers/pipeline/themes/discover.js'
import {
  planAssignments,
  planDiscovery,
  type Assignment,
  type StoredTheme,
} from '../workers/pipeline/themes/plan.js'
import {
  CORPUS_COMPLAINTS,
  CORPUS_OTHERS,
  shouldRediscover,
  type ThemeProgress,
} from '../workers/pipeline/themes/rediscover.js'
import { DEMO_BRAND, generateLabelledDemoScenario } from '../workers/sources/demo/scenario.js'
import { clusterAgreement } from './cluster-metrics.js'

const Flags = z.object({
  seed: z.coerce.number().int().optional(),
  seeds: z
    .string()
    .regex(/^-?\d+(,-?\d+)*$/, 'seeds must be a comma-separated list of integers')
    .optional(),
})

/** The worker's housekeeping runs the theme pass this often (OUTBOX_SWEEP_MS's default). */
const THEME_PASS_MS = 5_000

interface Post {
  id: number
  text: string
  offsetMs: number
  isComplaint: boolean
  grievance: string | null
}

/**
 * `themes [--seed N | --seeds A,B,C]`: one seed's full report, or with --seeds each seed's
 * purity/NMI/theme count and their mean and spread (population standard deviation), so a change
 * to the method is judged over several stories rather than one.
 */
export async function runThemesBench(argv: string[]) {
  const { values } = parseArgv({
    args: argv,
    options: { seed: { type: 'string' }, seeds: { type: 'string' } },
  })
  const flags = Flags.safeParse(values)
  if (!flags.success) throw new ConfigError(flagProblems(flags.error))
  if (flags.data.seeds === undefined) return benchSeed(flags.data.seed)
  const runs = flags.data.seeds.split(',').map((seed) => {
    const r = benchSeed(Number(seed))
    const { purity, nmi, themes, unassigned_share } = r
    return { seed: Number(seed), purity, nmi, themes, unassigned_share }
  })
  const stat = (xs: number[]) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length)
    return { mean: Math.round(mean * 1000) / 1000, sd: Math.round(sd * 1000) / 1000 }
  }
  return {
    bench: 'themes',
    seeds: runs,
    purity: stat(runs.map((r) => r.purity)),
    nmi: stat(runs.map((r) => r.nmi)),
    themes: stat(runs.map((r) => r.themes)),
    unassigned_share: stat(runs.map((r) => r.unassigned_share)),
  }
}

/**
 * One seed: the demo scenario's posts, analysed as the pipeline does, arrive in
 * time order; every THEME_PASS_MS of story time the theme pass runs as the worker does (new
 * complaint posts join themes, discovery runs when shouldRediscover says so), through the same
 * planners, with the database replaced by maps. Then the themes are scored against the
 * grievance each complaint post was written about (the generator's label, never stored).
 */
function benchSeed(seed: number | undefined) {
  const started = performance.now()
  const posts: Post[] = generateLabelledDemoScenario(seed).map((item, i) => ({
    id: i + 1,
    text: item.post.text,
    offsetMs: item.offsetMs,
    isComplaint: inBrandContext(
      analyzeText(item.post.text, item.post.lang ?? null),
      item.post.text,
      DEMO_BRAND,
    ).isComplaint,
    grievance: item.grievance,
  }))
  const analysedMs = performance.now() - started

  const terms = DEMO_BRAND.trackedTerms
  const themes: Array<StoredTheme & { name: string }> = []
  const placed = new Map<number, string>()
  const progress: ThemeProgress = { seen: 0, seenAtDiscovery: 0, unmatched: 0 }
  let discoveries = 0
  let themeMs = 0
  const apply = (assignments: Assignment[], created: string[]) => {
    for (const a of assignments)
      placed.set(a.postId, 'themeId' in a.theme ? a.theme.themeId : created[a.theme.created]!)
  }

  let next = 0
  const end = Math.max(...posts.map((p) => p.offsetMs)) + THEME_PASS_MS
  for (let at = THEME_PASS_MS; at <= end; at += THEME_PASS_MS) {
    const from = next
    while (next < posts.length && posts[next]!.offsetMs < at) next++
    const arrived = posts.slice(from, next).filter((p) => p.isComplaint)
    const passStarted = performance.now()
    const { assignments, unmatched } = planAssignments(arrived, themes, terms)
    apply(assignments, [])
    progress.seen += arrived.length
    progress.unmatched += unmatched
    if (shouldRediscover(progress)) {
      const so_far = posts.slice(0, next)
      const corpus = {
        complaints: so_far.filter((p) => p.isComplaint).slice(-CORPUS_COMPLAINTS),
        others: so_far.filter((p) => !p.isComplaint).slice(-CORPUS_OTHERS),
        brandTerms: terms,
      }
      const plan = planDiscovery(corpus, themes, placed)
      for (const u of plan.updated) {
        const theme = themes.find((t) => t.id === u.themeId)!
        theme.phrases = u.phrases
        if (u.name) theme.name = u.name
      }
      const created = plan.created.map((c) => {
        const id = `theme-${themes.length + 1}`
        themes.push({ id, name: c.name, phrases: c.phrases, named: false })
        return id
      })
      apply(plan.assignments, created)
      progress.seenAtDiscovery = progress.seen
      progress.unmatched = 0
      discoveries++
    }
    themeMs += performance.now() - passStarted
  }

  const complaints = posts.filter((p) => p.isComplaint)
  const labelled = complaints.filter((p) => p.grievance !== null && placed.has(p.id))
  const agreement = clusterAgreement(
    labelled.map((p) => ({ cluster: placed.get(p.id)!, label: p.grievance! })),
  )
  const round = (x: number) => Math.round(x * 1000) / 1000
  // For reference: one discovery over every post at the end, as if the story arrived at once.
  const batch = discoverThemes({
    complaints: complaints.slice(-CORPUS_COMPLAINTS),
    others: posts.filter((p) => !p.isComplaint).slice(-CORPUS_OTHERS),
    brandTerms: terms,
  })
  const batchOf = new Map(batch.flatMap((t, i) => t.postIds.map((id) => [id, String(i)])))
  const batchAgreement = clusterAgreement(
    complaints
      .filter((p) => p.grievance !== null && batchOf.has(p.id))
      .map((p) => ({ cluster: batchOf.get(p.id)!, label: p.grievance! })),
  )
  return {
    bench: 'themes',
    posts: posts.length,
    complaint_posts: complaints.length,
    labelled_complaint_posts: complaints.filter((p) => p.grievance !== null).length,
    grievances: new Set(complaints.flatMap((p) => p.grievance ?? [])).size,
    themes: new Set(placed.values()).size,
    discoveries,
    purity: round(agreement.purity),
    nmi: round(agreement.nmi),
    unassigned_share: round(
      1 - complaints.filter((p) => placed.has(p.id)).length / complaints.length,
    ),
    batch: {
      themes: batch.length,
      purity: round(batchAgreement.purity),
      nmi: round(batchAgreement.nmi),
      unassigned_share: round(1 - batchOf.size / complaints.length),
    },
    analyse_ms: Math.round(analysedMs),
    theme_passes_ms: Math.round(themeMs),
    by_theme: themes.map((t) => {
      const members = complaints.filter((p) => placed.get(p.id) === t.id)
      const counts = new Map<string, number>()
      for (const p of members)
        counts.set(p.grievance ?? '-', (counts.get(p.grievance ?? '-') ?? 0) + 1)
      return { name: t.name, posts: members.length, grievances: Object.fromEntries(counts) }
    }),
  }
}
