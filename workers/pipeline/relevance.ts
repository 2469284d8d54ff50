/** A brand's terms as relevance reads them. */
export interface BrandTerms {
  trackedTerms: string[]
  excludedTerms: string[]
}

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
