import { tokenize } from '../analyzer/tokens.js'
import { ENGLISH_STOPWORDS, stemWord } from '../natural.js'

/** Longest keyphrase, in words. */
export const MAX_PHRASE_WORDS = 3

/**
 * Words that carry no grievance in social posts, beyond natural's stopwords: fillers, time
 * words every complaint has ("today", "now"), and the verbs of talking about something.
 */
const SOCIAL_STOPWORDS = [
  'just', 'now', 'today', 'yesterday', 'week', 'still', 'even', 'really', 'also', 'get', 'got',
  'one', 'like', 'im', 'ive', 'dont', 'amp', 'rt', 'via', 'lol', 'yes', 'ok', 'oh', 'us', 'go',
  'say', 'says', 'said', 'know', 'make', 'thing', 'things', 'way', 'much', 'many', 'every',
  'anyone', 'everyone', 'someone', 'people', 'since', 'last', 'would', 'could', 'should',
  'nothing', 'anything', 'something', 'exactly', 'no', 'not', 'getting', 'mine', 'else', 'need',
  'right', 'same', 'literally', 'honestly', 'well', 'see', 'seen', 'think', 'want', 'use', 'used',
  'uses', 'let', 'lets', 'look', 'looks', 'thanks', 'thank', 'please', 'hey', 'wow', 'yeah',
  'morning', 'tonight', 'day', 'days', 'hours', 'ago', 'back',
] // prettier-ignore

const STOPWORDS = new Set([...ENGLISH_STOPWORDS, ...SOCIAL_STOPWORDS])

/**
 * Words a phrase shown to people may keep between its content words ("rolled back the change"
 * for roll·chang): enough for a clause's small words, few enough that the shown form stays a
 * phrase rather than a sentence.
 */
const MAX_FILLER_WORDS = 3

/**
 * A phrase's identity (its stemmed content words) and how this text wrote it: lower-case, with
 * the small words between its content words ("history was rewritten"), so that it reads as
 * people wrote it; phraseKey of the written form is the key again.
 */
export interface Phrase {
  key: string
  text: string
}

/** The lower-case words of a brand's terms ("Kredo Score" → kredo, score): never a keyphrase. */
export function brandWords(terms: readonly string[]): Set<string> {
  const words = new Set<string>()
  for (const term of terms)
    for (const token of tokenize(term))
      if (token.kind === 'word' || token.kind === 'hashtag')
        words.add(token.norm.replace(/'s$/, ''))
  return words
}

/** A word fit for a keyphrase: Latin letters, not a number, a stopword or a brand word. */
function keepWord(norm: string, excluded: ReadonlySet<string>): string | null {
  const word = norm.replace(/'s$/, '')
  if (word.length < 2 || word.includes("'") || !/^\p{Script=Latin}+$/u.test(word)) return null
  if (STOPWORDS.has(word) || excluded.has(word)) return null
  return word
}

/** A run of a text's words between two breaks. */
interface Run {
  /** Its content words (keyphrase material). */
  words: string[]
  /** Where each content word is in `written`. */
  at: number[]
  /** The run's words as written, lower-case, brand words left out; null for a number. */
  written: Array<string | null>
}

/** A word that may be shown between content words: a small word, not a number. */
function fillerWord(norm: string): string | null {
  return /^[\p{Script=Latin}'’]+$/u.test(norm) ? norm : null
}

/**
 * The runs of content words of a text. A run breaks at punctuation, links, mentions, emoji and
 * hashtags (a phrase never spans a clause or a tag), not at stopwords: "went from 71 to 52"
 * keeps "went" next to the word after it, so short posts still yield two-word phrases.
 */
function contentRuns(text: string, excluded: ReadonlySet<string>): Run[] {
  const fresh = (): Run => ({ words: [], at: [], written: [] })
  const runs: Run[] = [fresh()]
  for (const token of tokenize(text)) {
    const run = runs[runs.length - 1]!
    if (token.kind === 'word') {
      const word = keepWord(token.norm, excluded)
      if (word) {
        run.words.push(word)
        run.at.push(run.written.length)
        run.written.push(word)
      } else if (!excluded.has(token.norm.replace(/'s$/, ''))) {
        // A brand's own words are left out of the shown form too: "roll back the Kredo Score
        // change" reads as "roll back the change", which is the grievance.
        run.written.push(fillerWord(token.norm))
      }
      continue
    }
    runs.push(fresh())
    // A hashtag's word counts ("#ScoreGate" → scoregate), on its own.
    if (token.kind === 'hashtag') {
      const word = keepWord(token.norm, excluded)
      if (word) runs.push({ words: [word], at: [0], written: [word] }, fresh())
    }
  }
  return runs.filter((run) => run.words.length > 0)
}

/**
 * How the content words start..start+n-1 of a run were written: with the words between them,
 * unless those are too many or one may not be shown; else the content words alone.
 */
function writtenSpan(run: Run, start: number, n: number): string {
  const from = run.at[start]!
  const to = run.at[start + n - 1]!
  const span = run.written.slice(from, to + 1)
  if (span.length - n <= MAX_FILLER_WORDS && span.every((w) => w !== null)) return span.join(' ')
  return run.words.slice(start, start + n).join(' ')
}

const stems = new Map<string, string>()
function stemOf(word: string): string {
  let stem = stems.get(word)
  if (stem === undefined) {
    if (stems.size > 100_000) stems.clear()
    stem = stemWord(word)
    stems.set(word, stem)
  }
  return stem
}

/**
 * The distinct 1–3-word phrases of a text, keyed by their stems so that "score dropped" and
 * "scores drop" are one phrase. A phrase repeating a stem ("drop drop") is left out.
 */
export function textPhrases(text: string, excluded: ReadonlySet<string>): Phrase[] {
  const found = new Map<string, string>()
  for (const run of contentRuns(text, excluded)) {
    const runStems = run.words.map(stemOf)
    for (let start = 0; start < runStems.length; start++) {
      for (let n = 1; n <= MAX_PHRASE_WORDS && start + n <= runStems.length; n++) {
        const words = runStems.slice(start, start + n)
        if (new Set(words).size < n) break
        const key = words.join(' ')
        if (!found.has(key)) found.set(key, writtenSpan(run, start, n))
      }
    }
  }
  return [...found].map(([key, text]) => ({ key, text }))
}

/**
 * The key of a phrase as an adviser or a stored theme writes it ("Score dropped" → "score
 * drop"); '' when nothing of it can be a keyphrase (only stopwords or brand words, or longer
 * than MAX_PHRASE_WORDS once they are left out).
 */
export function phraseKey(text: string, excluded: ReadonlySet<string>): string {
  const words = contentRuns(text, excluded).flatMap((run) => run.words)
  return words.length <= MAX_PHRASE_WORDS ? words.map(stemOf).join(' ') : ''
}
