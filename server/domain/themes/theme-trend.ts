import type { ThemeTrend } from '../../../shared/schemas/themes.js'

/** A change smaller than this many posts is noise, whatever its ratio. */
const MIN_CHANGE = 3
/** Rising: at least a quarter more than the period before; fading: a fifth less. */
const RISE = 1.25
const FADE = 0.8

/**
 * A theme's trend from its volume in a period and the one before: `new` when it was born in the
 * period or had nothing before, else rising, fading or steady by ratio, ignoring changes of
 * fewer than MIN_CHANGE posts (3 → 5 is not a surge).
 */
export function themeTrend(input: {
  volume: number
  previousVolume: number
  bornInPeriod: boolean
}): ThemeTrend {
  const { volume, previousVolume } = input
  if (input.bornInPeriod || (previousVolume === 0 && volume > 0)) return 'new'
  if (Math.abs(volume - previousVolume) < MIN_CHANGE) return 'steady'
  if (volume >= previousVolume * RISE) return 'rising'
  if (volume <= previousVolume * FADE) return 'fading'
  return 'steady'
}
