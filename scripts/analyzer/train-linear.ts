import { featureId } from '../../workers/pipeline/analyzer/feature-hash.js'
import type { LinearModelWeights } from '../../workers/pipeline/analyzer/linear-model.js'

/** One training example: its features, its class and how much it counts. */
export interface Example {
  sparse: readonly string[]
  dense: ArrayLike<number>
  label: number
  weight?: number
}

export interface TrainOptions {
  version: string
  classes: string[]
  epochs: number
  /** AdaGrad's base learning rate. */
  rate: number
  /** L2 penalty per update on the weights an example touches. */
  l2: number
  /** Sparse features seen fewer times than this are left out of the model. */
  minCount: number
  seed: number
  /** Weight classes inversely to their frequency, so rare classes are not drowned out. */
  balanced: boolean
}

/**
 * Multinomial logistic regression by AdaGrad over shuffled examples, deterministic for a seed.
 * Small enough to read, and the same model natural's LogisticRegressionClassifier fits, but
 * multi-class, regularised and fast on 50,000 posts.
 */
export function trainLinear(examples: readonly Example[], o: TrainOptions): LinearModelWeights {
  const k = o.classes.length
  const counts = new Map<string, number>()
  for (const e of examples)
    for (const f of new Set(e.sparse)) counts.set(f, (counts.get(f) ?? 0) + 1)
  const names = [...counts].filter(([, n]) => n >= o.minCount).map(([f]) => f)
  const index = new Map(names.map((f, i) => [f, i]))
  const rows = examples.map((e) => Int32Array.from(e.sparse.flatMap((f) => index.get(f) ?? [])))
  const nDense = examples[0]?.dense.length ?? 0

  const w = new Float64Array(names.length * k)
  const gw = new Float64Array(names.length * k)
  const dw = new Float64Array(nDense * k)
  const gdw = new Float64Array(nDense * k)
  const bias = new Float64Array(k)
  const gb = new Float64Array(k)

  const perClass = new Array(k).fill(0)
  for (const e of examples) perClass[e.label]++
  const classWeight = perClass.map((n) => (o.balanced && n ? examples.length / (k * n) : 1))

  const random = mulberry32(o.seed)
  const order = examples.map((_, i) => i)
  const logits = new Float64Array(k)
  const grad = new Float64Array(k)
  const step = (g: number, acc: Float64Array, at: number) => {
    acc[at]! += g * g
    return (o.rate * g) / Math.sqrt(acc[at]! + 1e-8)
  }

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, random)
    for (const i of order) {
      const e = examples[i]!
      const row = rows[i]!
      logits.set(bias)
      for (const f of row) for (let c = 0; c < k; c++) logits[c]! += w[f * k + c]!
      for (let d = 0; d < nDense; d++) {
        const x = e.dense[d]!
        if (x !== 0) for (let c = 0; c < k; c++) logits[c]! += x * dw[d * k + c]!
      }
      const max = Math.max(...logits)
      let sum = 0
      for (let c = 0; c < k; c++) sum += grad[c] = Math.exp(logits[c]! - max)
      const scale = (e.weight ?? 1) * classWeight[e.label]!
      for (let c = 0; c < k; c++) grad[c] = scale * (grad[c]! / sum - (c === e.label ? 1 : 0))

      for (let c = 0; c < k; c++) bias[c]! -= step(grad[c]!, gb, c)
      for (const f of row) {
        for (let c = 0; c < k; c++) {
          const at = f * k + c
          w[at]! -= step(grad[c]! + o.l2 * w[at]!, gw, at)
        }
      }
      for (let d = 0; d < nDense; d++) {
        const x = e.dense[d]!
        if (x === 0) continue
        for (let c = 0; c < k; c++) {
          const at = d * k + c
          dw[at]! -= step(grad[c]! * x + o.l2 * dw[at]!, gdw, at)
        }
      }
    }
  }

  const sparse: Record<string, number[]> = {}
  names.forEach((f, i) => {
    const ws = Array.from(w.subarray(i * k, i * k + k), round)
    if (ws.some((x) => Math.abs(x) >= 0.002)) sparse[f] = ws
  })
  return {
    version: o.version,
    classes: o.classes,
    bias: Array.from(bias, round),
    dense: Array.from({ length: nDense }, (_, d) =>
      Array.from(dw.subarray(d * k, d * k + k), round),
    ),
    sparse,
  }
}

/**
 * The model without its features whose 32-bit id (feature-hash.ts) equals another feature's,
 * in it or in `others`: the analyzer looks the features of all its models up by hash in one
 * table, where such a pair would read each other's weights. Among 130,000 features a couple
 * collide; which is dropped is fixed by the order of the names, so a retrain reproduces it.
 */
export function withoutHashCollisions(
  model: LinearModelWeights,
  others: readonly LinearModelWeights[],
): { model: LinearModelWeights; dropped: string[] } {
  const seen = new Map<number, string>()
  for (const other of others) for (const name in other.sparse) seen.set(featureId(name), name)
  const sparse: Record<string, number[]> = {}
  const dropped: string[] = []
  for (const [name, weights] of Object.entries(model.sparse)) {
    const hash = featureId(name)
    const owner = seen.get(hash)
    if (owner !== undefined && owner !== name) {
      dropped.push(name)
      continue
    }
    seen.set(hash, name)
    sparse[name] = weights
  }
  return { model: { ...model, sparse }, dropped }
}

const round = (n: number) => Math.round(n * 10000) / 10000

/** A small seeded PRNG, so a retrain reproduces the shipped weights exactly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function shuffle(xs: number[], random: () => number) {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[xs[i], xs[j]] = [xs[j]!, xs[i]!]
  }
}
