import { featureId } from './feature-hash.js'

/**
 * A multinomial logistic regression over named sparse features and a fixed list of dense
 * ones, as trained by scripts/train-analyzer.ts. Pure: the weights are passed in.
 */
export interface LinearModelWeights {
  /** The model's name and training date, stored beside every analysis it makes. */
  version: string
  classes: string[]
  bias: number[]
  /** Weights per dense feature, per class: dense[feature][class]. */
  dense: number[][]
  /** Weights per sparse feature, per class. */
  sparse: Record<string, number[]>
}

export interface Prediction {
  /** Probability per class, in the order of the model's classes. */
  probabilities: Float64Array
  best: number
}

/**
 * Features that always occur together, as one object per distinct word (its word and stem
 * features): the model adds up their weights once per word and remembers the sum, instead of
 * looking each up at every occurrence.
 */
export interface FeatureGroup {
  readonly ids: readonly number[]
  /**
   * The sums of the table that last asked (a memo, see groupSums). The analyzer has one table;
   * the trainer's several each work theirs out again. Set when the group is created, so every
   * group has the same shape on the hot path.
   */
  sumsOf: FeatureTable | null
  sums: Float64Array | null
}

/** A post's indicator features: single ones by id, and groups. */
export interface SparseFeatures {
  ids: ArrayLike<number>
  groups: readonly FeatureGroup[]
}

/**
 * The weights of one or more models over the same features, looked up by feature hash in an
 * open-addressing table: a Map keyed by 120,000 strings cost 300 ns a lookup in cache misses.
 * Models that read the same post share one table, so each feature costs one lookup for all of
 * them (the lookups are cache misses, a quarter of the analyzer's time).
 */
export class FeatureTable {
  /** Classes of all the models together: a slot's weights, and the width of `sums`. */
  readonly width: number
  /** Where each model's weights start within a slot's, in the order given. */
  readonly offsets: readonly number[]
  /**
   * Per slot, the feature's hash (0 = empty) then its weights, interleaved in one buffer
   * (`keys` and `weights` view the same memory), so a lookup that finds its feature has the
   * weights in the same cache line.
   */
  private readonly keys: Uint32Array
  readonly weights: Float32Array
  private readonly stride: number
  private readonly mask: number
  /**
   * One bit per hash value modulo its size, set for the features in the table: most features
   * of a post (rare bigrams) are in no model, and this small bitmap, which stays in the CPU
   * cache, says so without touching the table.
   */
  private readonly present: Uint32Array
  private readonly presentMask: number
  constructor(models: readonly LinearModelWeights[]) {
    const offsets: number[] = []
    let width = 0
    for (const m of models) {
      offsets.push(width)
      width += m.classes.length
    }
    this.width = width
    this.offsets = offsets
    const names = [...new Set(models.flatMap((m) => Object.keys(m.sparse)))]
    // A load factor of at most 5/8: short probe runs, and a table half the size of 1/2's.
    let size = 1024
    while (size * 0.625 < names.length) size *= 2
    this.mask = size - 1
    this.stride = 1 + width
    const buffer = new ArrayBuffer(size * this.stride * 4)
    this.keys = new Uint32Array(buffer)
    this.weights = new Float32Array(buffer)
    this.presentMask = size * 4 - 1
    this.present = new Uint32Array((size * 4) / 32)
    for (const name of names) {
      const hash = slotHash(featureId(name))
      let at = hash & this.mask
      while (this.keys[at * this.stride] !== 0) {
        // Two names with one hash would read each other's weights: refuse such a model.
        if (this.keys[at * this.stride] === hash) {
          throw new Error(`feature hash collision: ${name}`)
        }
        at = (at + 1) & this.mask
      }
      this.keys[at * this.stride] = hash
      const bit = hash & this.presentMask
      this.present[bit >>> 5]! |= 1 << (bit & 31)
      models.forEach((m, i) => {
        const w = m.sparse[name]
        if (w) this.weights.set(w, at * this.stride + 1 + offsets[i]!)
      })
    }
  }

  /** Where a feature's weights start in `weights`, or -1 if no model knows it. */
  find(id: number): number {
    const hash = slotHash(id)
    const bit = hash & this.presentMask
    if ((this.present[bit >>> 5]! & (1 << (bit & 31))) === 0) return -1
    const { keys, stride, mask } = this
    let at = hash & mask
    for (;;) {
      const found = keys[at * stride]!
      if (found === hash) return at * stride + 1
      if (found === 0) return -1
      at = (at + 1) & mask
    }
  }

  /** Every model's weights of the post's features summed per class (`width` sums). */
  sums(sparse: SparseFeatures): Float64Array {
    const out = new Float64Array(this.width)
    this.addIds(sparse.ids, out, 0, this.width)
    const { groups } = sparse
    for (let g = 0; g < groups.length; g++) {
      const sums = this.groupSums(groups[g]!)
      for (let c = 0; c < this.width; c++) out[c]! += sums[c]!
    }
    return out
  }

  /** Adds the weights of ids to out, classes from..from+k of each slot. */
  addIds(ids: ArrayLike<number>, out: Float64Array, from: number, k: number) {
    const { weights } = this
    for (let i = 0; i < ids.length; i++) {
      const at = this.find(ids[i]!)
      if (at === -1) continue
      for (let c = 0; c < k; c++) out[c]! += weights[at + from + c]!
    }
  }

  /**
   * A group's weights summed per class, then its first feature's own weights (zeros if no
   * model knows it), which reasons read (groupLean) without another trip into the table.
   */
  groupSums(group: FeatureGroup): Float64Array {
    if (group.sumsOf === this) return group.sums!
    const { width, weights } = this
    const sums = new Float64Array(2 * width)
    for (let i = 0; i < group.ids.length; i++) {
      const at = this.find(group.ids[i]!)
      if (at === -1) continue
      for (let c = 0; c < width; c++) sums[c]! += weights[at + c]!
      if (i === 0) for (let c = 0; c < width; c++) sums[width + c] = weights[at + c]!
    }
    group.sums = sums
    group.sumsOf = this
    return sums
  }
}

/** Models over the same features in one table (see FeatureTable), in the order given. */
export function jointModels(weights: readonly LinearModelWeights[]): LinearModel[] {
  const table = new FeatureTable(weights)
  return weights.map((w, i) => new LinearModel(w, table, table.offsets[i]))
}

/** A multinomial logistic regression whose sparse weights live in a FeatureTable. */
export class LinearModel {
  readonly classes: string[]
  readonly version: string
  private readonly denseWeights: Float64Array
  private readonly bias: Float64Array

  constructor(
    weights: LinearModelWeights,
    readonly table = new FeatureTable([weights]),
    /** Where this model's classes start within the table's. */
    private readonly offset = 0,
  ) {
    this.classes = weights.classes
    this.version = weights.version
    this.bias = Float64Array.from(weights.bias)
    this.denseWeights = Float64Array.from(weights.dense.flat())
  }

  /**
   * Class scores before the softmax: bias + weights of the features present (then of
   * moreIds) + dense values times their weights. `sums` is the table's sums of `sparse`, when
   * the caller has them already (for another model in the same table).
   */
  logits(
    sparse: SparseFeatures,
    dense: ArrayLike<number>,
    moreIds: ArrayLike<number> = NO_IDS,
    sums: Float64Array = this.table.sums(sparse),
  ): Float64Array {
    const k = this.classes.length
    const out = new Float64Array(k)
    for (let c = 0; c < k; c++) out[c] = this.bias[c]! + sums[this.offset + c]!
    this.table.addIds(moreIds, out, this.offset, k)
    for (let d = 0; d < dense.length; d++) {
      const x = dense[d]!
      if (x === 0) continue
      for (let c = 0; c < k; c++) out[c]! += x * this.denseWeights[d * k + c]!
    }
    return out
  }

  predict(sparse: SparseFeatures, dense: ArrayLike<number>): Prediction {
    return softmax(this.logits(sparse, dense))
  }

  /** How much a group's first feature (a word, not its stem) pushes towards class c. */
  groupLean(group: FeatureGroup, c: number): number {
    const { table } = this
    return leanOf(table.groupSums(group), table.width + this.offset, this.classes.length, c)
  }

  /** The same for the feature of this id on its own; 0 when the model does not know it. */
  idLean(id: number, c: number): number {
    const at = this.table.find(id)
    if (at === -1) return 0
    return leanOf(this.table.weights, at + this.offset, this.classes.length, c)
  }

  /** The same for the dense feature d at value x. */
  denseLean(d: number, x: number, c: number): number {
    return x * leanOf(this.denseWeights, d * this.classes.length, this.classes.length, c)
  }
}

function leanOf(weights: ArrayLike<number>, at: number, k: number, c: number): number {
  let others = 0
  for (let j = 0; j < k; j++) if (j !== c) others += weights[at + j]!
  return weights[at + c]! - others / (k - 1)
}

export function softmax(logits: Float64Array): Prediction {
  let max = -Infinity
  let best = 0
  for (let c = 0; c < logits.length; c++) {
    if (logits[c]! > max) {
      max = logits[c]!
      best = c
    }
  }
  let sum = 0
  const probabilities = new Float64Array(logits.length)
  for (let c = 0; c < logits.length; c++) sum += probabilities[c] = Math.exp(logits[c]! - max)
  for (let c = 0; c < logits.length; c++) probabilities[c]! /= sum
  return { probabilities, best }
}

const NO_IDS = new Uint32Array(0)

/** 0 marks an empty slot, so the one hash that is 0 is stored as 1 (which it then shares). */
const slotHash = (hash: number) => hash || 1
