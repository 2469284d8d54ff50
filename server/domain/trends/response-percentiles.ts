/**
 * The ratio between the ends of a first-response histogram bin, in (1 + seconds): migration
 * 0025's response_time_bin is floor(ln(1 + seconds) / ln(1.02)), the same number.
 */
export const RESPONSE_BIN_RATIO = 1.02

/**
 * How far a percentile read from the bins can be from the exact one, as a share of
 * (1 + the exact value in seconds): a bin's geometric middle is within sqrt(1.02) - 1 of every
 * value in it, and interpolating between two such middles keeps the bound.
 */
export const RESPONSE_BIN_ERROR = Math.sqrt(RESPONSE_BIN_RATIO) - 1

/** Answered complaints in one first-response bin. */
export interface ResponseBin {
  bin: number
  n: number
}

/** The bin a first response `seconds` after arrival falls in (negative: 0 s). */
export const responseBinOf = (seconds: number) =>
  Math.floor(Math.log(1 + Math.max(seconds, 0)) / Math.log(RESPONSE_BIN_RATIO))

/** The seconds a bin stands for: its geometric middle in (1 + seconds). */
export const binMiddleSeconds = (bin: number) => RESPONSE_BIN_RATIO ** (bin + 0.5) - 1

/**
 * PostgreSQL's percentile_cont(p) read from a histogram sorted by bin: the two ranks it
 * interpolates between are found by counting, and each stands for its bin's middle. Within
 * RESPONSE_BIN_ERROR x (1 + exact) of the exact value; null without answered complaints.
 */
export function percentileOfBins(bins: readonly ResponseBin[], p: number): number | null {
  const total = bins.reduce((sum, b) => sum + b.n, 0)
  if (total === 0) return null
  const at = p * (total - 1)
  const lo = Math.floor(at)
  const low = middleAtRank(bins, lo)
  const fraction = at - lo
  if (fraction === 0) return low
  return low + fraction * (middleAtRank(bins, lo + 1) - low)
}

/** The middle of the bin holding the 0-based `rank`-th smallest value. */
function middleAtRank(bins: readonly ResponseBin[], rank: number): number {
  let seen = 0
  for (const b of bins) {
    seen += b.n
    if (seen > rank) return binMiddleSeconds(b.bin)
  }
  return binMiddleSeconds(bins[bins.length - 1]!.bin)
}
