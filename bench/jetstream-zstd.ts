import { compileBrandRules } from '../shared/brand-rules.js'
import { blueskyJetstreamConnector } from '../workers/sources/jetstream.js'
import { decodeJetstreamFrame } from '../workers/sources/jetstream-zstd.js'
import { compressJetstreamFrame, jetstreamFixture } from '../test/support/fake-jetstream.js'

/**
 * What decompressing a Jetstream frame costs, beside reading it: each frame of the recorded
 * post stream (shared fixtures) compressed as Jetstream would, decoded `--rounds` times.
 * `npx tsx bench/jetstream-zstd.ts [--rounds N]`; prints one JSON object.
 */
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 2000
const frames = jetstreamFixture('posts_stream.real.jsonl')
const compressed = frames.map(compressJetstreamFrame)
const rules = compileBrandRules({ trackedTerms: ['the'], excludedTerms: [] })

/** Median and 95th percentile, in µs, of `fn` over every frame, `rounds` times. */
function time(fn: (i: number) => unknown) {
  const us: number[] = []
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < frames.length; i++) {
      const start = process.hrtime.bigint()
      fn(i)
      us.push(Number(process.hrtime.bigint() - start) / 1000)
    }
  }
  us.sort((a, b) => a - b)
  const at = (q: number) => Math.round(us[Math.floor(q * (us.length - 1))]! * 10) / 10
  return { medianUs: at(0.5), p95Us: at(0.95) }
}

const bytes = (list: Array<string | Buffer>) =>
  list.reduce((sum, f) => sum + Buffer.byteLength(f), 0)
const plain = frames.map((f) => Buffer.from(f))
time((i) => decodeJetstreamFrame(compressed[i]!, true)) // warm-up
console.log(
  JSON.stringify({
    frames: frames.length,
    rounds,
    plainBytes: bytes(frames),
    zstdBytes: bytes(compressed),
    decodeZstd: time((i) => decodeJetstreamFrame(compressed[i]!, true)),
    decodeText: time((i) => decodeJetstreamFrame(plain[i]!, false)),
    readFrame: time((i) => blueskyJetstreamConnector.readFrame(frames[i]!, null, rules)),
  }),
)
