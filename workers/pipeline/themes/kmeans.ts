/** A sparse vector: feature index → weight, L2-normalised. */
export type SparseVector = ReadonlyMap<number, number>

/** A small seeded generator (mulberry32), so a corpus always gives the same themes. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const dot = (v: SparseVector, centroid: Float64Array) => {
  let sum = 0
  for (const [i, w] of v) sum += w * centroid[i]!
  return sum
}

function sparseDot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let sum = 0
  for (const [i, w] of small) sum += w * (large.get(i) ?? 0)
  return sum
}

/** A clustering: each vector's cluster, and each cluster's (normalised) centroid. */
export interface Clustering {
  labels: number[]
  centroids: Float64Array[]
  /** Sum of cosine similarities of vectors to their centroids (higher is tighter). */
  cohesion: number
}

/**
 * Spherical k-means (cosine similarity, the usual choice for text vectors) with k-means++
 * seeding, `restarts` times, keeping the tightest. Deterministic for a given `random`.
 */
export function sphericalKMeans(
  vectors: readonly SparseVector[],
  dims: number,
  k: number,
  random: () => number,
  restarts = 3,
): Clustering {
  let best: Clustering | null = null
  for (let r = 0; r < restarts; r++) {
    const run = kMeansOnce(vectors, dims, k, random)
    if (!best || run.cohesion > best.cohesion) best = run
  }
  return best!
}

function kMeansOnce(
  vectors: readonly SparseVector[],
  dims: number,
  k: number,
  random: () => number,
): Clustering {
  const toDense = (v: SparseVector) => {
    const c = new Float64Array(dims)
    for (const [i, w] of v) c[i] = w
    return c
  }
  // k-means++: each next seed drawn with probability growing with its distance to the seeds.
  const centroids = [toDense(vectors[Math.floor(random() * vectors.length)]!)]
  while (centroids.length < k) {
    const far = vectors.map((v) => 1 - Math.max(...centroids.map((c) => dot(v, c))))
    const sum = far.reduce((a, b) => a + Math.max(b, 0), 0)
    let pick = random() * sum
    let index = 0
    while (index < far.length - 1 && (pick -= Math.max(far[index]!, 0)) > 0) index++
    centroids.push(toDense(vectors[index]!))
  }
  const labels = new Array<number>(vectors.length).fill(-1)
  let cohesion = 0
  for (let iteration = 0; iteration < 30; iteration++) {
    let changed = false
    cohesion = 0
    for (let n = 0; n < vectors.length; n++) {
      let bestK = 0
      let bestSim = -Infinity
      for (let c = 0; c < centroids.length; c++) {
        const sim = dot(vectors[n]!, centroids[c]!)
        if (sim > bestSim) [bestK, bestSim] = [c, sim]
      }
      cohesion += bestSim
      if (labels[n] !== bestK) [labels[n], changed] = [bestK, true]
    }
    if (!changed) break
    for (let c = 0; c < centroids.length; c++) {
      const sum = new Float64Array(dims)
      vectors.forEach((v, n) => {
        if (labels[n] === c) for (const [i, w] of v) sum[i] = sum[i]! + w
      })
      const norm = Math.hypot(...sum)
      if (norm > 0) centroids[c] = sum.map((x) => x / norm)
    }
  }
  return { labels, centroids, cohesion }
}

/**
 * Mean silhouette (cosine distance) over a sample of the vectors: how much closer each is to
 * its own cluster than to the nearest other one, from -1 to 1. Used to choose k.
 */
export function silhouette(
  vectors: readonly SparseVector[],
  labels: readonly number[],
  sample: readonly number[],
): number {
  let total = 0
  for (const i of sample) {
    const sums = new Map<number, { sum: number; count: number }>()
    for (const j of sample) {
      if (i === j) continue
      const entry = sums.get(labels[j]!) ?? { sum: 0, count: 0 }
      entry.sum += 1 - sparseDot(vectors[i]!, vectors[j]!)
      entry.count++
      sums.set(labels[j]!, entry)
    }
    const own = sums.get(labels[i]!)
    if (!own) continue
    const a = own.sum / own.count
    let b = Infinity
    for (const [label, entry] of sums)
      if (label !== labels[i]) b = Math.min(b, entry.sum / entry.count)
    if (b === Infinity) continue
    total += (b - a) / Math.max(a, b) || 0
  }
  return sample.length ? total / sample.length : 0
}
