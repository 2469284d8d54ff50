import crypto from 'node:crypto'

const S32 = '234567abcdefghijklmnopqrstuvwxyz'

/**
 * An atproto TID (a record key): 13 base32-sortable characters of the microseconds since the
 * epoch and a random 10-bit clock id. Chosen once, before a reply's first attempt.
 */
export function newTid(nowMs = Date.now()): string {
  const micros = BigInt(nowMs) * 1000n + BigInt(crypto.randomInt(1000))
  let n = (micros << 10n) | BigInt(crypto.randomInt(1024))
  let out = ''
  for (let i = 0; i < 13; i++) {
    out = S32[Number(n & 31n)] + out
    n >>= 5n
  }
  return out
}
