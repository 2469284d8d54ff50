/**
 * A brand's listening rules, shared by every connector: a streaming network is matched here,
 * post by post; a search API is sent `query()` and its hits are matched here too (search
 * engines stem, fold and fuzz; the brand's exclusions and languages are ours to apply).
 *
 * A term matches as a whole word or phrase, whatever the case and diacritics ("Klout" matches
 * "klöut's" but not "kloutish"), also as a hashtag or handle body ("#Klout", "@klout"). A term
 * written with its sigil ("#KloutScore", "@kloutsupport") matches only that tag or handle.
 */
export interface BrandRulesInput {
  trackedTerms: readonly string[]
  excludedTerms: readonly string[]
  /** Primary language subtags (`en`, `pt`); empty means every language. */
  languages?: readonly string[]
}

export interface BrandRules {
  /** Whether a post is about the brand: a tracked term, no excluded one, a wanted language. */
  matches(post: { text: string; lang?: string | null }): boolean
  /** The tracked terms as one search query (`"two words" OR klout`), for search APIs. */
  query(): string
  readonly trackedTerms: readonly string[]
}

/** Lowercase, without diacritics (NFKD, combining marks dropped), so "Klöut" reads "klout". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const WORD = '[\\p{L}\\p{N}_]'

function termPattern(term: string): string | null {
  const folded = foldText(term.trim())
  if (!folded) return null
  const sigil = /^[#@]/.test(folded) ? folded[0]! : ''
  const body = folded.slice(sigil.length).split(/\s+/).filter(Boolean).map(escape).join('\\s+')
  if (!body) return null
  // A sigil term must be that tag or handle; a plain term may stand alone or behind # or @.
  const before = sigil ? `(?<![\\p{L}\\p{N}_#@])${escape(sigil)}` : `(?<!${WORD})`
  return `${before}${body}(?!${WORD})`
}

function anyOf(terms: readonly string[]): RegExp | null {
  const patterns = terms.map(termPattern).filter((p): p is string => p !== null)
  return patterns.length ? new RegExp(patterns.join('|'), 'u') : null
}

export function compileBrandRules(input: BrandRulesInput): BrandRules {
  const tracked = anyOf(input.trackedTerms)
  const excluded = anyOf(input.excludedTerms)
  const languages = new Set((input.languages ?? []).map((l) => l.toLowerCase().split('-')[0]))
  return {
    trackedTerms: input.trackedTerms,
    matches({ text, lang }) {
      if (!tracked) return false
      if (languages.size && lang && !languages.has(lang.toLowerCase().split('-')[0]!)) return false
      const folded = foldText(text)
      return tracked.test(folded) && !(excluded?.test(folded) ?? false)
    },
    query() {
      return input.trackedTerms
        .map((t) => t.trim())
        .filter(Boolean)
        .map((t) => (/\s/.test(t) ? `"${t.replace(/"/g, '')}"` : t))
        .join(' OR ')
    },
  }
}
