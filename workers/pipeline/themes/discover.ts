import { bestTheme, themeVectors } from './assign.js'
import { phraseKeyness } from './keyness.js'
import { seededRandom, silhouette, sphericalKMeans, type SparseVector } from './kmeans.js'
import { brandWords, textPhrases, type Phrase } from './phrases.js'

/** What discovery reads of a brand: its complaint posts, its other posts, and its terms. */
export interface ThemeCorpus {
  complaints: ReadonlyArray<{ id: number; text: string }>
  others: ReadonlyArray<{ text: string }>
  brandTerms: readonly string[]
}

/** A theme found in a corpus: its generated name, its phrases (strongest first), its posts. */
export interface DiscoveredTheme {
  name: string
  phrases: string[]
  postIds: number[]
}

/** Fewer complaint posts than this say too little to group. */
export const MIN_CORPUS = 30
/** A group smaller than this is noise, not a theme. */
const MIN_THEME_POSTS = 5
const MAX_THEMES = 12
const MAX_KEYPHRASES = 200
const PHRASES_PER_THEME = 20
/**
 * A keyphrase is used by complaints more than by the brand's other posts: z ≥ 1 (one standard
 * error) rather than 1.96, as short posts give few counts; the IDF weights and the support floor
 * keep chance phrases from mattering (1.96 left half the demo's complaints without a phrase).
 */
const MIN_Z = 1
const SILHOUETTE_SAMPLE = 400

/**
 * A brand's themes, pure and deterministic:
 * 1. keyphrases: the 1–3-word phrases (stemmed, stopwords and brand words out) that complaint
 *    posts use significantly more than the brand's other posts (keyness.ts), seen in at least
 *    1% of complaints (and 3);
 * 2. each complaint post as a binary vector over them, weighted by IDF within complaints
 *    (so a phrase in every complaint separates nothing) and normalised;
 * 3. spherical k-means for k = 2..12, keeping the k with the best silhouette;
 * 4. each cluster's phrases ranked by coverage × precision (how many of its posts use the phrase,
 *    times how much of the phrase's use is in it), kept as most often written, and named by
 *    them (nameOf);
 * 5. the posts re-assigned by similarity to the themes' phrases, exactly as new posts are later,
 *    so that a theme holds what its phrases say it does.
 */
export function discoverThemes(corpus: ThemeCorpus, seed = 16): DiscoveredTheme[] {
  if (corpus.complaints.length < MIN_CORPUS) return []
  const excluded = brandWords(corpus.brandTerms)
  const postPhrases = corpus.complaints.map((post) => textPhrases(post.text, excluded))
  const complaintDf = countPosts(postPhrases)
  const otherDf = countPosts(corpus.others.map((post) => textPhrases(post.text, excluded)))
  const minSupport = Math.max(3, Math.ceil(corpus.complaints.length * 0.01))
  // Without other posts to weigh against, keyness is 0 for every phrase (the prior is the
  // complaints themselves): the phrases are then taken by how many complaints use them.
  const weighed = corpus.others.length > 0
  const keyphrases = phraseKeyness(complaintDf.counts, otherDf.counts)
    .filter((k) => (!weighed || k.z >= MIN_Z) && k.complaintPosts >= minSupport)
    .sort((a, b) => (weighed ? 0 : b.complaintPosts - a.complaintPosts))
    .slice(0, MAX_KEYPHRASES)
  if (!keyphrases.length) return []

  const index = new Map(keyphrases.map((k, i) => [k.key, i]))
  const idf = keyphrases.map((k) => Math.log(corpus.complaints.length / k.complaintPosts) + 0.1)
  const rows: Array<{ post: number; vector: SparseVector }> = []
  postPhrases.forEach((phrases, post) => {
    const vector = new Map<number, number>()
    for (const p of phrases) {
      const i = index.get(p.key)
      if (i !== undefined) vector.set(i, idf[i]!)
    }
    const norm = Math.hypot(...vector.values())
    if (norm === 0) return
    for (const [i, w] of vector) vector.set(i, w / norm)
    rows.push({ post, vector })
  })
  if (rows.length < 2 * MIN_THEME_POSTS) return []

  const vectors = rows.map((r) => r.vector)
  const labels = chooseClustering(vectors, keyphrases.length, seed)
  const themes: Array<{ name: string; phrases: string[] }> = []
  for (const cluster of new Set(labels)) {
    const members = rows.filter((_, n) => labels[n] === cluster)
    if (members.length < MIN_THEME_POSTS) continue
    const inCluster = new Map<string, number>()
    for (const m of members)
      for (const p of postPhrases[m.post]!) if (index.has(p.key)) bump(inCluster, p.key)
    const ranked = [...inCluster]
      .map(([key, count]) => ({
        key,
        text: complaintDf.surface(key),
        coverage: count / members.length,
        score: (count / members.length) * (count / complaintDf.counts.get(key)!),
      }))
      .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
      .slice(0, PHRASES_PER_THEME)
    const phrases = ranked.map((r) => r.text)
    const name = nameOf(ranked)
    themes.push({ name, phrases })
  }

  const vectorsOfThemes = themeVectors(
    themes.map((t, i) => ({ id: String(i), phrases: t.phrases })),
    excluded,
  )
  const members = themes.map(() => [] as number[])
  for (const post of corpus.complaints) {
    const best = bestTheme(post.text, vectorsOfThemes, excluded)
    if (best) members[Number(best.id)]!.push(post.id)
  }
  return themes
    .map((t, i) => ({ ...t, postIds: members[i]! }))
    .filter((t) => t.postIds.length >= MIN_THEME_POSTS)
    .sort((a, b) => b.postIds.length - a.postIds.length || a.name.localeCompare(b.name))
}

/**
 * A multi-word phrase names a theme when at least this share of the theme's posts use it, relative
 * to its best single word: "score dropped" in half the posts that say "dropped" says more.
 */
const NAME_COVERAGE = 0.5
/**
 * A second word joins a one-word name when at least this share of the theme's posts use it: a
 * word one post in five repeats is part of what the posts are about, and one word alone
 * ("points") rarely says what the anger is about.
 */
const SECOND_WORD_COVERAGE = 0.2

/**
 * A theme's name, from its phrases as written, best first, with the share of its posts using
 * each: the best two- or three-word phrase that covers at least NAME_COVERAGE of what its best
 * word covers; failing one, its best word, joined by the next ("points · dropped") when that
 * covers at least SECOND_WORD_COVERAGE of the theme.
 */
export function nameOf(
  ranked: ReadonlyArray<{ key: string; text: string; coverage: number }>,
): string {
  const words = ranked.filter((p) => !p.key.includes(' '))
  const floor = NAME_COVERAGE * (words[0]?.coverage ?? 0)
  const phrase = ranked.find((p) => p.key.includes(' ') && p.coverage >= floor)
  if (phrase || !words.length) return (phrase ?? ranked[0]!).text
  const [first, second] = words
  return second && second.coverage >= SECOND_WORD_COVERAGE
    ? `${first!.text} · ${second.text}`
    : first!.text
}

/** The clustering with the best silhouette over k = 2..MAX_THEMES (on a fixed sample). */
function chooseClustering(vectors: readonly SparseVector[], dims: number, seed: number): number[] {
  const random = seededRandom(seed)
  const sample = vectors.map((_, i) => i)
  for (let i = sample.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[sample[i], sample[j]] = [sample[j]!, sample[i]!]
  }
  sample.length = Math.min(sample.length, SILHOUETTE_SAMPLE)
  const maxK = Math.min(MAX_THEMES, Math.floor(vectors.length / MIN_THEME_POSTS))
  let best = { score: -Infinity, labels: vectors.map(() => 0) }
  for (let k = 2; k <= maxK; k++) {
    const { labels } = sphericalKMeans(vectors, dims, k, random)
    const score = silhouette(vectors, labels, sample)
    if (score > best.score) best = { score, labels }
  }
  return best.labels
}

function bump(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1)
}

/** Posts per phrase key, and each key's most written surface form. */
function countPosts(posts: ReadonlyArray<readonly Phrase[]>) {
  const counts = new Map<string, number>()
  const forms = new Map<string, Map<string, number>>()
  for (const phrases of posts)
    for (const p of phrases) {
      bump(counts, p.key)
      const byText = forms.get(p.key) ?? new Map<string, number>()
      bump(byText, p.text)
      forms.set(p.key, byText)
    }
  const surface = (key: string) =>
    [...forms.get(key)!].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]
  return { counts, surface }
}
