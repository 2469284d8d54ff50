import { bestTheme, themeVectors, type ThemePhrases } from './assign.js'
import { discoverThemes, type ThemeCorpus } from './discover.js'
import { brandWords } from './phrases.js'
import { matchDiscovered } from './rediscover.js'

/** A brand's theme as the planners read it. */
export interface StoredTheme extends ThemePhrases {
  /** An adviser named it: discovery updates its phrases, never its name. */
  named: boolean
}

/** Where a post goes: an existing theme (`themeId`) or the `created` theme at that index. */
export type ThemeRef = { themeId: string } | { created: number }

export interface Assignment {
  postId: number
  theme: ThemeRef
  weight: number
}

/**
 * New complaint posts joining the brand's themes: each to the theme its text is most like,
 * if any is like enough (assign.ts). Cheap: phrases of the post against a few theme vectors.
 */
export function planAssignments(
  posts: ReadonlyArray<{ id: number; text: string }>,
  themes: readonly StoredTheme[],
  brandTerms: readonly string[],
): { assignments: Assignment[]; unmatched: number } {
  const excluded = brandWords(brandTerms)
  const vectors = themeVectors(themes, excluded)
  const assignments: Assignment[] = []
  for (const post of posts) {
    const best = bestTheme(post.text, vectors, excluded)
    if (best)
      assignments.push({ postId: post.id, theme: { themeId: best.id }, weight: best.similarity })
  }
  return { assignments, unmatched: posts.length - assignments.length }
}

/** What a discovery changes: themes found again (new phrases, maybe name), new ones, posts. */
export interface DiscoveryPlan {
  updated: Array<{ themeId: string; phrases: string[]; name: string | null }>
  created: Array<{ name: string; phrases: string[] }>
  /** Only posts that had no theme: a post an earlier decision (or an adviser) placed stays. */
  assignments: Assignment[]
}

/**
 * Discovers the corpus's themes again and reconciles them with the stored ones: a discovered
 * theme sharing enough posts with a stored one is that theme (rediscover.ts), its phrases
 * refreshed and, unless an adviser named it, its name; the others are created. Posts without a
 * theme then join the theme discovery put them in. `placed` maps corpus posts to their theme now.
 */
export function planDiscovery(
  corpus: ThemeCorpus,
  themes: readonly StoredTheme[],
  placed: ReadonlyMap<number, string>,
): DiscoveryPlan {
  const discovered = discoverThemes(corpus)
  const byTheme = new Map<string, number[]>()
  for (const [postId, themeId] of placed)
    byTheme.set(themeId, [...(byTheme.get(themeId) ?? []), postId])
  const existing = themes.map((t) => ({ id: t.id, postIds: byTheme.get(t.id) ?? [] }))
  const named = new Set(themes.filter((t) => t.named).map((t) => t.id))
  const plan: DiscoveryPlan = { updated: [], created: [], assignments: [] }
  for (const { theme, themeId, folded } of matchDiscovered(existing, discovered)) {
    let ref: ThemeRef
    if (themeId && folded) {
      ref = { themeId }
    } else if (themeId) {
      plan.updated.push({
        themeId,
        phrases: theme.phrases,
        name: named.has(themeId) ? null : theme.name,
      })
      ref = { themeId }
    } else {
      ref = { created: plan.created.length }
      plan.created.push({ name: theme.name, phrases: theme.phrases })
    }
    for (const postId of theme.postIds)
      if (!placed.has(postId)) plan.assignments.push({ postId, theme: ref, weight: 1 })
  }
  return plan
}
