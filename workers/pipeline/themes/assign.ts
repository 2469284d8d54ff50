import { phraseKey, textPhrases } from './phrases.js'

/** A theme as assignment sees it: its id and its phrases, strongest first. */
export interface ThemePhrases {
  id: string
  phrases: readonly string[]
}

/** A theme's phrase vector: phrase key → weight, falling with the phrase's rank. */
export interface ThemeVector {
  id: string
  weights: ReadonlyMap<string, number>
  norm: number
}

/** Below this cosine a post joins no theme (it waits for the next discovery). */
export const MIN_SIMILARITY = 0.1

/**
 * The vectors assignment compares posts with, built from the stored phrases alone (so an
 * adviser's split phrases count as much as discovered ones): the r-th phrase weighs 1/√(r+1).
 */
export function themeVectors(
  themes: readonly ThemePhrases[],
  excluded: ReadonlySet<string>,
): ThemeVector[] {
  return themes.map((theme) => {
    const weights = new Map<string, number>()
    theme.phrases.forEach((phrase, rank) => {
      const key = phraseKey(phrase, excluded)
      if (key && !weights.has(key)) weights.set(key, 1 / Math.sqrt(rank + 1))
    })
    const norm = Math.hypot(...weights.values())
    return { id: theme.id, weights, norm }
  })
}

/**
 * The theme a post's text is most like (cosine of its binary phrase vector with each theme's
 * phrase vector), with that similarity; null when no theme reaches MIN_SIMILARITY. Ties go to the
 * theme listed first.
 */
export function bestTheme(
  text: string,
  vectors: readonly ThemeVector[],
  excluded: ReadonlySet<string>,
): { id: string; similarity: number } | null {
  const keys = new Set(textPhrases(text, excluded).map((p) => p.key))
  let shared = 0
  const vocabulary = new Set<string>()
  for (const v of vectors) for (const key of v.weights.keys()) vocabulary.add(key)
  for (const key of keys) if (vocabulary.has(key)) shared++
  if (!shared) return null
  let best: { id: string; similarity: number } | null = null
  for (const v of vectors) {
    if (!v.norm) continue
    let sum = 0
    for (const [key, w] of v.weights) if (keys.has(key)) sum += w
    const similarity = sum / (v.norm * Math.sqrt(shared))
    if (similarity >= MIN_SIMILARITY && (!best || similarity > best.similarity))
      best = { id: v.id, similarity }
  }
  return best
}

/** Whether a text contains any of the phrase keys (a split moves the posts that do). */
export function containsAnyPhrase(
  text: string,
  keys: ReadonlySet<string>,
  excluded: ReadonlySet<string>,
): boolean {
  return textPhrases(text, excluded).some((p) => keys.has(p.key))
}
