import crypto from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>

/** scrypt with N=2^15, r=8, p=1: 32 MiB and ~50 ms per hash, OWASP's recommended floor. */
const PARAMS = { log2N: 15, r: 8, p: 1, keylen: 32 }
const options = (log2N: number, r: number, p: number) => ({
  N: 2 ** log2N,
  r,
  p,
  maxmem: 128 * 2 ** log2N * r * 2,
})

/** A memory-hard hash: `scrypt$log2N$r$p$salt$hash`, parameters kept so they can rise later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16)
  const { log2N, r, p, keylen } = PARAMS
  const hash = await scrypt(password.normalize('NFKC'), salt, keylen, options(log2N, r, p))
  return ['scrypt', log2N, r, p, salt.toString('base64'), hash.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, log2N, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await scrypt(
    password.normalize('NFKC'),
    Buffer.from(salt, 'base64'),
    expected.length,
    options(Number(log2N), Number(r), Number(p)),
  )
  return crypto.timingSafeEqual(actual, expected)
}

let dummy: Promise<string> | null = null
/** Spends the same time as a real check, so response time does not reveal unknown emails. */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword(crypto.randomUUID())
  await verifyPassword(password, await dummy)
  return false
}
