/**
 * Scores the spike detector on the labelled mention-volume series, over a small grid of its
 * knobs, the way ../shared/tools/spike-eval.mjs does (a window is hit when an alert falls in
 * it; an alert outside every window is a false alarm), and gives the honest estimate: for
 * each series, the knobs chosen on the other three (most windows hit, then fewest false
 * alarms) scored on it. Usage: npx tsx scripts/tune-spikes.ts [--data DIR]
 */
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { parseArgv } from '../server/lib/flags.js'
import {
  createSpikeDetector,
  DEFAULT_SPIKE_OPTIONS,
  type SpikeDetectorOptions,
} from '../workers/pipeline/spike-detector.js'

const { values } = parseArgv({ options: { data: { type: 'string' } } })
const dir = values.data ?? path.resolve(import.meta.dirname, '../../shared/data/spikes')
const Windows = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])))
const windows = Windows.parse(JSON.parse(fs.readFileSync(path.join(dir, 'windows.json'), 'utf8')))
const ms = (text: string) => Date.parse(`${text.replace(' ', 'T').slice(0, 19)}Z`)

const series = Object.entries(windows).map(([file, spans]) => {
  const rows = fs.readFileSync(path.join(dir, file), 'utf8').trim().split('\n').slice(1)
  const points = rows.map((row) => row.split(',')).map(([at, v]) => [ms(at!), Number(v)] as const)
  return { file, points, spans: spans.map(([a, b]) => [ms(a), ms(b)] as const) }
})

type Score = { hit: number; falseAlarms: number }

function scoreSeries(s: (typeof series)[number], options: Partial<SpikeDetectorOptions>): Score {
  const detector = createSpikeDetector(undefined, options)
  const hit = new Set<number>()
  let falseAlarms = 0
  for (const [at, value] of s.points) {
    if (!detector.push(at, value)) continue
    const i = s.spans.findIndex(([a, b]) => a <= at && at <= b)
    if (i >= 0) hit.add(i)
    else falseAlarms++
  }
  return { hit: hit.size, falseAlarms }
}

const grid: Partial<SpikeDetectorOptions>[] = []
for (const threshold of [6, 8, 10, 12, 15])
  for (const reference of [3, 4, 5, 6])
    for (const peakShare of [0.6, 0.8, 1])
      for (const peakHalfLifeDays of [7, 14, 28])
        grid.push({ threshold, reference, peakShare, peakHalfLifeDays })

const results = grid.map((options) => ({
  options,
  per: series.map((s) => scoreSeries(s, options)),
}))
const total = (per: Score[], which: number[]) =>
  which.reduce(
    (sum, i) => ({
      hit: sum.hit + per[i]!.hit,
      falseAlarms: sum.falseAlarms + per[i]!.falseAlarms,
    }),
    { hit: 0, falseAlarms: 0 },
  )
const better = (a: Score, b: Score) =>
  a.hit > b.hit || (a.hit === b.hit && a.falseAlarms < b.falseAlarms)

// Several knob sets often tie on the three training series; the first in grid order is one
// pick, the mean over all the tied sets is the estimate that does not depend on grid order.
const held = { hit: 0, falseAlarms: 0 }
const heldMean = { hit: 0, falseAlarms: 0 }
series.forEach((s, i) => {
  const train = series.map((_, j) => j).filter((j) => j !== i)
  const best = results.reduce((b, r) => (better(total(r.per, train), total(b.per, train)) ? r : b))
  const bestTrain = total(best.per, train)
  const tied = results.filter((r) => !better(bestTrain, total(r.per, train)))
  const test = best.per[i]!
  held.hit += test.hit
  held.falseAlarms += test.falseAlarms
  heldMean.hit += tied.reduce((n, r) => n + r.per[i]!.hit, 0) / tied.length
  heldMean.falseAlarms += tied.reduce((n, r) => n + r.per[i]!.falseAlarms, 0) / tied.length
  console.log(
    `${s.file.padEnd(26)} knobs from the others ${JSON.stringify(best.options)}: ` +
      `${test.hit}/${s.spans.length} hit, ${test.falseAlarms} false alarms ` +
      `(${tied.length} tied knob sets)`,
  )
})
const round2 = (x: number) => Math.round(x * 100) / 100
const windowCount = series.reduce((n, s) => n + s.spans.length, 0)
const all = series.map((_, i) => i)
const defaults = total(
  series.map((s) => scoreSeries(s, DEFAULT_SPIKE_OPTIONS)),
  all,
)
console.log(
  JSON.stringify({
    leave_one_series_out: {
      windows_hit: held.hit,
      windows: windowCount,
      false_alarms: held.falseAlarms,
    },
    leave_one_series_out_mean_over_ties: {
      windows_hit: round2(heldMean.hit),
      windows: windowCount,
      false_alarms: round2(heldMean.falseAlarms),
    },
    defaults: {
      windows_hit: defaults.hit,
      windows: windowCount,
      false_alarms: defaults.falseAlarms,
    },
    grid: grid.length,
  }),
)
