import { MIN_CORPUS, type DiscoveredTheme } from './discover.js'

/** Complaint posts of a brand discovery reads at most (the newest). */
export const CORPUS_COMPLAINTS = 3_000
/** The brand's other posts it weighs them against (the newest). */
export const CORPUS_OTHERS = 3_000

/** Where a brand's themes stand: counted by the assignment pass, reset by discovery. */
export interface ThemeProgress {
  /** Complaint posts the assignment pass has seen, ever. */
  seen: number
  /** `seen` when themes were last discovered (0: never). */
  seenAtDiscovery: number
  /** Complaint posts seen since then that joined no theme. */
  unmatched: number
}

/**
 * Whether to discover a brand's themes again: never before MIN_CORPUS complaint posts; then once
 * the complaints doubled since the last discovery (a new story brings new words), or when a
 * fifth of them (and at least 25) joined no theme since (a grievance the themes miss). Doubling
 * keeps discovery to about three runs per order of magnitude of complaints.
 */
export function shouldRediscover(progress: ThemeProgress): boolean {
  const { seen, seenAtDiscovery, unmatched } = progress
  if (seen < MIN_CORPUS) return false
  if (seen >= 2 * seenAtDiscovery) return true
  return unmatched >= Math.max(25, 0.2 * seen)
}

/** A theme that holds posts now: its id and which of the corpus's posts it holds. */
export interface ExistingTheme {
  id: string
  postIds: readonly number[]
}

/** Below this overlap a discovered theme is new rather than an existing one found again. */
const MIN_OVERLAP = 0.2

/**
 * Gives each discovered theme the identity of the existing theme whose posts it shares most
 * (Jaccard overlap of their posts in the corpus, at least MIN_OVERLAP), one to one, best
 * overlaps first. A discovered theme left over whose placed posts are mostly (over half) in one
 * existing theme folds into it (`folded`: the existing theme keeps its phrases and gains the
 * posts), so a grievance split finer this time does not sprout a near-copy; the rest are new
 * (themeId null). So rediscovery keeps ids, adviser names, hidden flags and merges: a merged
 * theme holds no posts and is never found again.
 */
export function matchDiscovered(
  existing: readonly ExistingTheme[],
  discovered: readonly DiscoveredTheme[],
): Array<{ theme: DiscoveredTheme; themeId: string | null; folded: boolean }> {
  const sets = existing.map((e) => ({ id: e.id, posts: new Set(e.postIds) }))
  const pairs: Array<{ d: number; e: number; overlap: number }> = []
  discovered.forEach((theme, d) => {
    sets.forEach((set, e) => {
      let shared = 0
      for (const id of theme.postIds) if (set.posts.has(id)) shared++
      const overlap = shared / (theme.postIds.length + set.posts.size - shared || 1)
      if (overlap >= MIN_OVERLAP) pairs.push({ d, e, overlap })
    })
  })
  pairs.sort((a, b) => b.overlap - a.overlap || a.d - b.d || a.e - b.e)
  const ids = new Map<number, string>()
  const taken = new Set<number>()
  for (const { d, e } of pairs) {
    if (ids.has(d) || taken.has(e)) continue
    ids.set(d, sets[e]!.id)
    taken.add(e)
  }
  return discovered.map((theme, d) => {
    const matched = ids.get(d)
    if (matched) return { theme, themeId: matched, folded: false }
    const home = mostlyIn(theme.postIds, sets)
    return { theme, themeId: home, folded: home !== null }
  })
}

/** The existing theme holding more than half of the posts, if one does. */
function mostlyIn(
  postIds: readonly number[],
  sets: ReadonlyArray<{ id: string; posts: ReadonlySet<number> }>,
): string | null {
  for (const set of sets) {
    let shared = 0
    for (const id of postIds) if (set.posts.has(id)) shared++
    if (shared * 2 > postIds.length) return set.id
  }
  return null
}
