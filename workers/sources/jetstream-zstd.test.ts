import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compileBrandRules } from '../../shared/brand-rules.js'
import { compressJetstreamFrame, jetstreamFixture } from '../../test/support/fake-jetstream.js'
import { blueskyJetstreamConnector as jetstream } from './jetstream.js'
import {
  decodeJetstreamFrame,
  JETSTREAM_ZSTD_DICTIONARY_ID,
  JetstreamFrameError,
} from './jetstream-zstd.js'
import { SOURCE_MAX_BYTES } from './source-io.js'
import { readStreamFrame } from './stream-frame.js'
import { sourceRow } from '../../test/support/source-row.js'

const posts = jetstreamFixture('posts_stream.real.jsonl')

/**
 * The same frames compressed by the reference zstd CLI (1.5.4), not by the library under test:
 * `printf '%s' "$line" | zstd -19 -D jetstream-dictionary/jetstream-v1.zdict -c | base64 -w0`
 * per line. Piped, so their headers declare no content size (Jetstream's own encoder declares it).
 */
const cliFrames = fs
  .readFileSync(
    new URL('../../test/fixtures/jetstream-posts.zstd-cli.b64', import.meta.url),
    'utf8',
  )
  .split('\n')
  .filter(Boolean)
  .map((line) => Buffer.from(line, 'base64'))

describe('decodeJetstreamFrame', () => {
  it('passes text frames through', () => {
    expect(decodeJetstreamFrame(Buffer.from(posts[0]!), false)).toBe(posts[0])
  })

  it('decompresses frames made with the dictionary by the zstd CLI', () => {
    expect(cliFrames).toHaveLength(posts.length)
    expect(cliFrames.map((f) => decodeJetstreamFrame(f, true))).toEqual(posts)
  })

  it('round-trips every frame of the real stream, in about half the bytes', () => {
    let plainBytes = 0
    let compressedBytes = 0
    for (const frame of posts) {
      const compressed = compressJetstreamFrame(frame)
      plainBytes += Buffer.byteLength(frame)
      compressedBytes += compressed.byteLength
      // The header names Jetstream's dictionary (bytes 6–9, after magic and descriptor).
      expect(compressed.readUInt32LE(5)).toBe(JETSTREAM_ZSTD_DICTIONARY_ID)
      expect(decodeJetstreamFrame(compressed, true)).toBe(frame)
    }
    expect(compressedBytes).toBeLessThan(plainBytes * 0.6)
    expect(JETSTREAM_ZSTD_DICTIONARY_ID).toBe(1612007021)
  })

  it('refuses corrupt, truncated and foreign frames with a reason', () => {
    const good = compressJetstreamFrame(posts[0]!)
    const flipped = Buffer.from(good)
    flipped[flipped.length - 20]! ^= 0xff
    const otherDict = Buffer.from(good)
    otherDict.writeUInt32LE(42, 5)
    const cases: Array<[Buffer, RegExp]> = [
      [flipped, /cannot decompress zstd frame: corrupt data/],
      [good.subarray(0, good.length - 8), /cannot decompress zstd frame/],
      [good.subarray(0, 6), /truncated zstd frame header/],
      [Buffer.from(posts[0]!), /not a zstd frame/],
      [Buffer.alloc(0), /not a zstd frame/],
      [otherDict, /dictionary 42, not Jetstream's \(1612007021\)/],
    ]
    for (const [frame, reason] of cases) {
      expect(() => decodeJetstreamFrame(frame, true)).toThrow(JetstreamFrameError)
      expect(() => decodeJetstreamFrame(frame, true)).toThrow(reason)
    }
    // The decoder is still sound after the failures.
    expect(decodeJetstreamFrame(good, true)).toBe(posts[0])
  })

  it('refuses a frame that decompresses past the size limit, declared or not', () => {
    // A few hundred bytes on the wire that expand to 9 MB.
    const bomb = compressJetstreamFrame(' '.repeat(SOURCE_MAX_BYTES + 600_000))
    expect(bomb.byteLength).toBeLessThan(2000)
    expect(() => decodeJetstreamFrame(bomb, true)).toThrow(
      `zstd frame decompresses to ${SOURCE_MAX_BYTES + 600_000} bytes (limit ${SOURCE_MAX_BYTES})`,
    )
    // A header that hides its size: decompressing stops at the limit.
    const small = compressJetstreamFrame(posts[0]!)
    expect(() => decodeJetstreamFrame(small, true, 100)).toThrow(/decompresses to \d+ bytes/)
    expect(() => decodeJetstreamFrame(cliFrames[0]!, true, 100)).toThrow(
      /cannot decompress zstd frame: output over the size limit/,
    )
    // A header declaring 2^40 + 100 bytes (as 32 bits, it would read as 100) is refused.
    const huge = Buffer.alloc(32)
    huge.writeUInt32LE(0xfd2fb528, 0)
    huge[4] = 0xe3 // 8-byte content size, single segment, 4-byte dictionary ID
    huge.writeUInt32LE(JETSTREAM_ZSTD_DICTIONARY_ID, 5)
    huge.writeBigUInt64LE(2n ** 40n + 100n, 9)
    expect(() => decodeJetstreamFrame(huge, true)).toThrow(
      `zstd frame decompresses to ${2 ** 40 + 100} bytes`,
    )
  })
})

describe('a compressed frame through the stream reader', () => {
  const rules = compileBrandRules({ trackedTerms: ['the'], excludedTerms: [] })
  const source = sourceRow({ id: 'src_jetstream', brandId: 'b', kind: 'bluesky-jetstream' })

  it('reads as the same event as its text frame', () => {
    for (const frame of posts) {
      const plain = readStreamFrame(jetstream, Buffer.from(frame), false, null, rules, source)
      const zstd = readStreamFrame(
        jetstream,
        compressJetstreamFrame(frame),
        true,
        null,
        rules,
        source,
      )
      expect(zstd).toEqual(plain)
    }
  })

  it('sets a corrupt frame aside with its reason and keeps the cursor', () => {
    const corrupt = Buffer.from(compressJetstreamFrame(posts[0]!))
    corrupt[corrupt.length - 20]! ^= 0xff
    const cursor = { timeUs: 1 }
    const read = readStreamFrame(jetstream, corrupt, true, cursor, rules, source)
    expect(read.cursor).toBe(cursor)
    expect(read.event).toEqual({
      type: 'record',
      record: {
        ok: false,
        issues: [
          {
            path: '(frame)',
            message: expect.stringMatching(/^cannot decompress zstd frame: corrupt data/),
          },
        ],
        raw: `base64:${corrupt.toString('base64')}`,
      },
    })
  })
})
