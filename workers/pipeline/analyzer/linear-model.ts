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

import { hashName } from './feature-hash.js'

/**
 * Features that always occur together, as one object per distinct word (its word and stem
 * features): the model adds up their weights once per word and remembers the sum, instead of
 * looking each up at every occurrence.
 */
export interface FeatureGroup {
  readonly ids: readonly number[]
  /**
   * Each model's sums for this group, by the model's serial number (a memo, see groupSums).
   * Created empty with the group, so every group has the same shape on the hot path.
   */
  readonly sums: Array<Float64Array | undefined>
}

let serials = 0

/** A post's indicator features: single ones by id, and groups. */
export interface SparseFeatures {
  ids: ArrayLike<number>
  groups: readonly FeatureGroup[]
}

/**
 * The model, looked up by feature hash in an open-addressing table: a Map keyed by 120,000
 * strings cost 300 ns a lookup in cache misses; this costs a fraction of that.
 */
export class LinearModel {
  readonly classes: string[]
  readonly version: string
  /**
   * The table: per slot, the feature's hash (0 = empty) then its k weights, interleaved in one
   * buffer (`keys` and `weights` view the same memory), so a lookup that finds its feature has
   * the weights in the same cache line.
   */
  private readonly keys: Uint32Array
  private readonly weights: Float32Array
  private readonly stride: number
  private readonly mask: number
  /**
   * One bit per hash value modulo its size, set for the model's features: most features of a
   * post (rare bigrams) are not in the model, and this small bitmap, which stays in the CPU
   * cache, says so without touching the table.
   */
  private readonly present: Uint32Array
  private readonly presentMask: number
  private readonly denseWeights: Float64Array
  private readonly bias: Float64Array

  constructor(weights: LinearModelWeights) {
    const k = weights.classes.length
    this.classes = weights.classes
    this.version = weights.version
    this.bias = Float64Array.from(weights.bias)
    this.denseWeights = Float64Array.from(weights.dense.flat())
    const names = Object.keys(weights.sparse)
    let size = 1024
    while (size < names.length * 2) size *= 2
    this.mask = size - 1
    this.stride = 1 + k
    const buffer = new ArrayBuffer(size * this.stride * 4)
    this.keys = new Uint32Array(buffer)
    this.weights = new Float32Array(buffer)
    this.presentMask = size * 4 - 1
    this.present = new Uint32Array((size * 4) / 32)
    for (const name of names) {
      const hash = slotHash(hashName(name))
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
      this.weights.set(weights.sparse[name]!, at * this.stride + 1)
    }
  }

  /** Where a feature's weights start in `weights`, or -1 if the model does not know it. */
  private find(id: number): number {
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

  /**
   * Class scores before the softmax: bias + weights of the features present (then of
   * moreIds) + dense values times their weights.
   */
  logits(
    sparse: SparseFeatures,
    dense: ArrayLike<number>,
    moreIds: ArrayLike<number> = [],
  ): Float64Array {
    const k = this.classes.length
    const out = Float64Array.from(this.bias)
    this.addSparse(sparse.ids, out)
    this.addSparse(moreIds, out)
    for (const group of sparse.groups) {
      const sums = this.groupSums(group)
      for (let c = 0; c < k; c++) out[c]! += sums[c]!
    }
    for (let d = 0; d < dense.length; d++) {
      const x = dense[d]!
      if (x === 0) continue
      for (let c = 0; c < k; c++) out[c]! += x * this.denseWeights[d * k + c]!
    }
    return out
  }

  private addSparse(ids: ArrayLike<number>, out: Float64Array) {
    const k = this.classes.length
    const { weights } = this
    for (let i = 0; i < ids.length; i++) {
      const at = this.find(ids[i]!)
      if (at === -1) continue
      for (let c = 0; c < k; c++) out[c]! += weights[at + c]!
    }
  }

  /** Indexes the memo each group keeps of this model's sums. */
  private readonly serial = serials++

  /** A group's weights summed per class, then where its first feature is (-1 if unknown). */
  private groupSums(group: FeatureGroup): Float64Array {
    let sums = group.sums[this.serial]
    if (sums) return sums
    const k = this.classes.length
    sums = new Float64Array(k + 1)
    group.ids.forEach((id, i) => {
      const at = this.find(id)
      if (i === 0) sums![k] = at
      if (at !== -1) for (let c = 0; c < k; c++) sums![c]! += this.weights[at + c]!
    })
    group.sums[this.serial] = sums
    return sums
  }

  predict(sparse: SparseFeatures, dense: ArrayLike<number>): Prediction {
    return softmax(this.logits(sparse, dense))
  }

  /** How much a group's first feature (a word, not its stem) pushes towards class c. */
  groupLean(group: FeatureGroup, c: number): number {
    const at = this.groupSums(group)[this.classes.length]!
    return at === -1 ? 0 : leanOf(this.weights, at, this.classes.length, c)
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

/** 0 marks an empty slot, so the one hash that is 0 is stored as 1 (which it then shares). */
const slotHash = (hash: number) => hash || 1
