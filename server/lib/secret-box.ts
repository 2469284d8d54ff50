import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * AES-256-GCM for credentials at rest. An envelope is `v1.<iv>.<tag>.<ciphertext>` in
 * base64url; the version lets the key or algorithm change later without guessing.
 */
export interface SecretBox {
  seal(plaintext: string): string
  open(envelope: string): string
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the secrets key must be 32 bytes')
  return {
    seal(plaintext) {
      const iv = crypto.randomBytes(12)
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return ['v1', iv, cipher.getAuthTag(), data]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.')
    },
    open(envelope) {
      const [version, iv, tag, data] = envelope.split('.')
      if (version !== 'v1' || !iv || !tag || data === undefined)
        throw new Error('not a sealed secret')
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([
        decipher.update(Buffer.from(data, 'base64url')),
        decipher.final(),
      ]).toString('utf8')
    },
  }
}

/**
 * The key from SECRETS_KEY; outside production, a key generated once under the data dir
 * (mode 0600) so that `npm start` works with nothing set. Production refuses to guess.
 */
export function loadSecretsKey(options: {
  secretsKey?: string
  env: string
  dataDir: string
}): Buffer {
  if (options.secretsKey) return Buffer.from(options.secretsKey, 'base64')
  if (options.env === 'production') {
    throw new Error(
      'SECRETS_KEY is not set. Firebreak encrypts source credentials with it; generate one with ' +
        '`openssl rand -base64 32` and give every process the same value.',
    )
  }
  // Nothing is kept with an in-memory database, so neither is its key.
  if (options.dataDir === ':memory:') return crypto.randomBytes(32)
  const file = path.join(options.dataDir, 'secrets.key')
  fs.mkdirSync(options.dataDir, { recursive: true })
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64')
}
