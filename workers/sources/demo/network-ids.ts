import type { Dice } from './dice.js'

const SECOND = 1000
const BASE32_SORTABLE = '234567abcdefghijklmnopqrstuvwxyz'
const BASE32_DID = 'abcdefghijklmnopqrstuvwxyz234567'
const X_EPOCH_MS = 1_288_834_974_657
const REDDIT_POST_BASE = parseInt('1f7k000', 36)
const REDDIT_COMMENT_BASE = parseInt('lkq0000', 36)
const HN_BASE = 41_377_000

function encodeSortable(value: bigint, length: number): string {
  let out = ''
  let v = value
  for (let i = 0; i < length; i++) {
    out = BASE32_SORTABLE[Number(v & 31n)] + out
    v >>= 5n
  }
  return out
}

/** Hands out network-shaped ids that are unique and grow with the simulated clock. */
export class NetworkIds {
  private used = new Set<string>()
  private usedHandles = new Set<string>()
  private seq = 0

  constructor(
    private dice: Dice,
    /** The wall time that offset 0 stands for, so ids grow with time like real ones. */
    private epochMs: number,
  ) {}

  private claim(make: (attempt: number) => string): string {
    for (let attempt = 0; ; attempt++) {
      const id = make(attempt)
      if (!this.used.has(id)) {
        this.used.add(id)
        return id
      }
    }
  }

  handle(network: string, base: string, maxLength: number): string {
    let candidate = base.slice(0, maxLength)
    while (this.usedHandles.has(`${network}:${candidate}`)) {
      const suffix = String(this.dice.int(2, 999))
      candidate = base.slice(0, maxLength - suffix.length) + suffix
    }
    this.usedHandles.add(`${network}:${candidate}`)
    return candidate
  }

  did(): string {
    return this.claim(() => {
      let s = 'did:plc:'
      for (let i = 0; i < 24; i++) s += BASE32_DID[this.dice.int(0, 31)]
      return s
    })
  }

  /** A Bluesky record key: a TID of microseconds and a clock id. */
  tid(offsetMs: number): string {
    return this.claim((attempt) => {
      const micros =
        BigInt(this.epochMs + offsetMs) * 1000n + BigInt(this.dice.int(0, 999) + attempt)
      return encodeSortable((micros << 10n) | BigInt(this.dice.int(0, 1023)), 13)
    })
  }

  snowflake(offsetMs: number): string {
    return this.claim(() => {
      const ms = BigInt(this.epochMs + offsetMs - X_EPOCH_MS)
      const worker = BigInt(this.dice.int(0, 1023))
      return String((ms << 22n) | (worker << 12n) | BigInt(this.seq++ & 4095))
    })
  }

  mastodon(offsetMs: number): string {
    return this.claim(() =>
      String((BigInt(this.epochMs + offsetMs) << 16n) | BigInt(this.dice.int(0, 65535))),
    )
  }

  redditPost(offsetMs: number): string {
    const base = REDDIT_POST_BASE + Math.floor(offsetMs / SECOND) * 3
    return this.claim((attempt) => (base + this.dice.int(0, 2) + attempt).toString(36))
  }

  redditComment(offsetMs: number): string {
    const base = REDDIT_COMMENT_BASE + Math.floor(offsetMs / SECOND) * 40
    return this.claim((attempt) => (base + this.dice.int(0, 39) + attempt).toString(36))
  }

  hackernews(offsetMs: number): string {
    const base = HN_BASE + Math.floor((offsetMs / SECOND) * 0.9)
    return this.claim((attempt) => String(base + this.dice.int(0, 3) + attempt))
  }

  numeric(minDigits: number, maxDigits: number): string {
    return this.claim(() => {
      let s = String(this.dice.int(1, 9))
      const digits = this.dice.int(minDigits, maxDigits)
      while (s.length < digits) s += String(this.dice.int(0, 9))
      return s
    })
  }

  base36(length: number): string {
    return this.claim(() => {
      let s = ''
      for (let i = 0; i < length; i++) s += this.dice.int(0, 35).toString(36)
      return s
    })
  }
}
