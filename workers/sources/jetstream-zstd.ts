import fs from 'node:fs'
import { createDCtx, decompressUsingDict, init } from '@bokuweb/zstd-wasm'
import { SOURCE_MAX_BYTES } from './source-io.js'

/**
 * Jetstream's zstd dictionary (see jetstream-dictionary/README.md for where it comes from). A
 * compressed frame is one zstd frame made with it; nothing else decodes one.
 */
export const JETSTREAM_ZSTD_DICTIONARY: Uint8Array = fs.readFileSync(
  new URL('./jetstream-dictionary/jetstream-v1.zdict', import.meta.url),
)
/** The ID the dictionary carries, which Jetstream writes into each frame's header. */
export const JETSTREAM_ZSTD_DICTIONARY_ID = new DataView(
  JETSTREAM_ZSTD_DICTIONARY.buffer,
  JETSTREAM_ZSTD_DICTIONARY.byteOffset,
).getUint32(4, true)

// The decoder is WebAssembly (no native build); it is compiled once, when this module loads,
// so that decoding a frame stays synchronous like the rest of a frame's reading.
await init()
const dctx = createDCtx()

const ZSTD_MAGIC = 0xfd2fb528

/** What a frame's header declares: how big it decompresses to (null: not said), its dictionary. */
interface FrameHeader {
  contentSize: number | null
  dictionaryId: number | null
}

/** Why a frame cannot be read, from its first bytes; the library is only handed sound headers. */
export class JetstreamFrameError extends Error {
  override name = 'JetstreamFrameError'
}

/**
 * Reads a zstd frame header (RFC 8878 §3.1.1.1). The WebAssembly library sizes its output from
 * the declared content size, read back as a 32-bit number: a bad header or a size of gigabytes
 * would reach it as a negative or wrapped size, so both are refused here first.
 */
function readFrameHeader(data: Uint8Array): FrameHeader {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  if (data.byteLength < 5 || view.getUint32(0, true) !== ZSTD_MAGIC) {
    throw new JetstreamFrameError('not a zstd frame (bad magic number)')
  }
  const descriptor = data[4]!
  if (descriptor & 0x08) throw new JetstreamFrameError('corrupt zstd frame header (reserved bit)')
  const singleSegment = (descriptor & 0x20) !== 0
  const sizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6]!
  const dictBytes = [0, 1, 2, 4][descriptor & 0x03]!
  let at = 5 + (singleSegment ? 0 : 1)
  if (data.byteLength < at + dictBytes + sizeBytes) {
    throw new JetstreamFrameError('truncated zstd frame header')
  }
  const dictionaryId =
    dictBytes === 0
      ? null
      : dictBytes === 1
        ? view.getUint8(at)
        : dictBytes === 2
          ? view.getUint16(at, true)
          : view.getUint32(at, true)
  at += dictBytes
  const contentSize =
    sizeBytes === 0
      ? null
      : sizeBytes === 1
        ? view.getUint8(at)
        : sizeBytes === 2
          ? view.getUint16(at, true) + 256
          : sizeBytes === 4
            ? view.getUint32(at, true)
            : Number(view.getBigUint64(at, true))
  return { contentSize, dictionaryId }
}

/** zstd's error codes (zstd_errors.h) that a bad frame gives, in words. */
const ZSTD_ERRORS: Record<number, string> = {
  10: 'unknown frame prefix',
  14: 'unsupported frame parameter',
  16: 'window too large',
  20: 'corrupt data',
  22: 'checksum mismatch',
  32: 'corrupt dictionary',
  34: 'wrong dictionary',
  70: 'output over the size limit',
  72: 'wrong compressed size (truncated or trailing bytes)',
}

/**
 * The text of one Jetstream frame. Text frames are JSON as they come; binary frames (asked for
 * with `compress=true`) are zstd with Jetstream's dictionary and are decompressed, at most
 * `maxBytes` of them (a frame declaring or producing more is refused, not buffered: a small
 * frame can expand to gigabytes). A frame that cannot be decoded throws a JetstreamFrameError.
 */
export function decodeJetstreamFrame(
  data: Buffer,
  isBinary: boolean,
  maxBytes = SOURCE_MAX_BYTES,
): string {
  if (!isBinary) return data.toString('utf8')
  const header = readFrameHeader(data)
  if (header.dictionaryId !== null && header.dictionaryId !== JETSTREAM_ZSTD_DICTIONARY_ID) {
    throw new JetstreamFrameError(
      `zstd frame made with dictionary ${header.dictionaryId}, not Jetstream's (${JETSTREAM_ZSTD_DICTIONARY_ID})`,
    )
  }
  if (header.contentSize !== null && header.contentSize > maxBytes) {
    throw new JetstreamFrameError(
      `zstd frame decompresses to ${header.contentSize} bytes (limit ${maxBytes})`,
    )
  }
  let out: Uint8Array
  try {
    // Without a declared size the output buffer is the limit itself: decompressing stops there.
    out = decompressUsingDict(dctx, data, JETSTREAM_ZSTD_DICTIONARY, { defaultHeapSize: maxBytes })
  } catch (err) {
    const code = -Number(/code (-?\d+)/.exec((err as Error).message)?.[1])
    // Past a size the header declared (and the limit allowed), the data itself is wrong.
    const reason =
      code === 70 && header.contentSize !== null
        ? 'corrupt data (more than its header declares)'
        : (ZSTD_ERRORS[code] ?? `zstd error ${code || 'unknown'}`)
    throw new JetstreamFrameError(`cannot decompress zstd frame: ${reason}`)
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('utf8')
}
