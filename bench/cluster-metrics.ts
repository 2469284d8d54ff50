/**
 * How well a clustering recovers known classes, over the items that have both: purity (each
 * cluster counted as its majority class) and normalised mutual information, NMI = I(C;K) /
 * mean(H(C), H(K)) (the arithmetic normalisation, scikit-learn's default).
 */
export function clusterAgreement(pairs: ReadonlyArray<{ cluster: string; label: string }>): {
  purity: number
  nmi: number
} {
  const n = pairs.length
  if (!n) return { purity: 0, nmi: 0 }
  const joint = new Map<string, Map<string, number>>()
  const clusters = new Map<string, number>()
  const labels = new Map<string, number>()
  for (const { cluster, label } of pairs) {
    const row = joint.get(cluster) ?? new Map<string, number>()
    row.set(label, (row.get(label) ?? 0) + 1)
    joint.set(cluster, row)
    clusters.set(cluster, (clusters.get(cluster) ?? 0) + 1)
    labels.set(label, (labels.get(label) ?? 0) + 1)
  }
  let majority = 0
  let mutual = 0
  for (const [cluster, row] of joint) {
    majority += Math.max(...row.values())
    for (const [label, count] of row)
      mutual += (count / n) * Math.log((n * count) / (clusters.get(cluster)! * labels.get(label)!))
  }
  const entropy = (m: Map<string, number>) =>
    -[...m.values()].reduce((sum, c) => sum + (c / n) * Math.log(c / n), 0)
  const mean = (entropy(clusters) + entropy(labels)) / 2
  return { purity: majority / n, nmi: mean > 0 ? mutual / mean : 1 }
}
