/** Evaluation measures for the analyzer, as the data README and TweetEval define them. */
export interface ClassReport {
  /** Macro-averaged recall over the classes (TweetEval's sentiment metric). */
  macroRecall: number
  accuracy: number
  macroF1: number
  /** F1 per class, by name. */
  f1: Record<string, number>
}

export function classReport(
  classes: readonly string[],
  gold: readonly number[],
  predicted: readonly number[],
): ClassReport {
  const k = classes.length
  const tp = new Array(k).fill(0)
  const goldCount = new Array(k).fill(0)
  const predCount = new Array(k).fill(0)
  let correct = 0
  gold.forEach((g, i) => {
    const p = predicted[i]!
    goldCount[g]++
    predCount[p]++
    if (g === p) {
      tp[g]++
      correct++
    }
  })
  const recall = tp.map((t, c) => (goldCount[c] ? t / goldCount[c] : 0))
  const precision = tp.map((t, c) => (predCount[c] ? t / predCount[c] : 0))
  const f1s = recall.map((r, c) => {
    const p = precision[c]!
    return p + r ? (2 * p * r) / (p + r) : 0
  })
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  return {
    macroRecall: round(mean(recall)),
    accuracy: round(correct / gold.length),
    macroF1: round(mean(f1s)),
    f1: Object.fromEntries(classes.map((name, c) => [name, round(f1s[c]!)])),
  }
}

const round = (n: number) => Math.round(n * 10000) / 10000
