/**
 * Features are looked up by a 32-bit id instead of by name, so the hot path builds no strings.
 * A feature's id is the 32-bit FNV-1a hash (over UTF-16 code units) of its name, built piece by
 * piece: hashing "w:" then "happy" then "_NEG" gives the hash of "w:happy_NEG". A bigram's id
 * is instead mixed from the hashes of its two words (`bigramId`), which the analyzer works out
 * once per distinct word: a post's bigrams then cost no hashing of characters at all.
 */
export const FNV_OFFSET = 0x811c9dc5

export function hashInto(hash: number, piece: string): number {
  let h = hash
  for (let i = 0; i < piece.length; i++) {
    h ^= piece.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** The hash of a whole name, and of a word on its own (for bigrams). */
export const hashName = (name: string) => hashInto(FNV_OFFSET, name)

/** The id of the bigram "b:first second", from its words' hashes (murmur3's finaliser). */
export function bigramId(first: number, second: number): number {
  let h = Math.imul(first ^ 0x9e3779b9, 0x85ebca6b) ^ second
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** A feature's id from its name, as the model file names it: what the tables are keyed by. */
export function featureId(name: string): number {
  if (!name.startsWith('b:')) return hashName(name)
  const space = name.indexOf(' ', 2)
  return bigramId(hashName(name.slice(2, space)), hashName(name.slice(space + 1)))
}
