import type { BrandTerms } from '../../shared/schemas/brands.js'
import type { Analysis } from '../../shared/schemas/scoring.js'

const escape = (term: string) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Whole-word, case-insensitive matchers for terms (letters or digits may not touch them). */
function matcher(terms: string[]): RegExp | null {
  const clean = terms.map((t) => t.trim()).filter(Boolean)
  if (!clean.length) return null
  return new RegExp(`(?<![\\p{L}\\p{N}])(${clean.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'iu')
}

/**
 * The excluded term a post matches, if any: a post about "Kredo Bank" is not a complaint
 * about Kredo. Tracked terms are not required, because replies rarely repeat the brand's name.
 */
export function excludedTermIn(text: string, terms: BrandTerms): string | null {
  return matcher(terms.excludedTerms)?.exec(text)?.[1]?.toLowerCase() ?? null
}

/**
 * Complaint probability from which a post in a brand's stream is a complaint. The model's own
 * threshold was tuned on tweets of which a third were complaints, random tweets among them; a
 * post that reached a brand's stream (it names the brand, or replies in its threads) is far
 * likelier one, so the bar is lower for those that are not positive.
 */
export const BRAND_STREAM_COMPLAINT_AT = 0.3

/**
 * The analysis read in the brand's context: a post matching an excluded term is about
 * something else (no complaint), and a post that is not positive and leans to a complaint is
 * one in the brand's stream.
 */
export function inBrandContext(
  analysis: Analysis,
  text: string,
  terms: BrandTerms | undefined,
): Analysis {
  const excludedTerm = terms ? excludedTermIn(text, terms) : null
  if (excludedTerm) {
    return {
      ...analysis,
      isComplaint: false,
      complaintScore: 0,
      explanation: { ...analysis.explanation, excludedTerm },
    }
  }
  if (
    analysis.isComplaint ||
    analysis.label === 'positive' ||
    analysis.complaintScore < BRAND_STREAM_COMPLAINT_AT
  ) {
    return analysis
  }
  const bar = `complaint: ${Math.round(analysis.complaintScore * 100)}% is over the ${BRAND_STREAM_COMPLAINT_AT * 100}% bar for posts in a brand's stream`
  const cues = analysis.explanation.complaintCues.map((name) => `complaint cue: ${name}`)
  return {
    ...analysis,
    isComplaint: true,
    explanation: { ...analysis.explanation, complaintReasons: [bar, ...cues] },
  }
}
