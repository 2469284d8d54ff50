/**
 * 32-bit FNV-1a over UTF-16 code units. Features are looked up by this hash instead of by name,
 * so the hot path builds no strings: hashing "w:" then "happy" then "_NEG" piece by piece gives
 * the hash of the name "w:happy_NEG" that the model file stores.
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

/** The hash of a whole feature name. */
export const hashName = (name: string) => hashInto(FNV_OFFSET, name)
