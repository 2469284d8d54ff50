import { compileBrandRules } from '../../shared/brand-rules.js'
import type { AppContext } from '../../server/context.js'
import { openSourceSecrets } from '../../server/domain/sources/network-sources.js'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import { safeFetch } from '../../server/lib/ssrf.js'
import { SourceError, type SourceIo, type SourceResponse } from './connector.js'

/** A network that takes longer than this for one answer is treated as failing (a slow response). */
export const SOURCE_TIMEOUT_MS = 15_000
/** The largest answer a connector reads; a bigger one is refused, not buffered. */
export const SOURCE_MAX_BYTES = 8 * 1024 * 1024

type Limits = { timeoutMs?: number; maxBytes?: number }

/** What a connector may use for one poll of `source` (see SourceIo). */
export function sourceIo(
  ctx: AppContext,
  source: SourceRow,
  brand: { trackedTerms: string[]; excludedTerms: string[]; languages?: string[] },
  limits: Limits = {},
): SourceIo {
  return {
    secrets: openSourceSecrets(ctx, source),
    rules: compileBrandRules(brand),
    fetch: sourceFetch(ctx, limits),
  }
}

/**
 * Requests to a network through the SSRF guard, within the source time and size limits; an
 * HTTP status is an answer, anything else a SourceError (see SourceIo.fetch).
 */
export function sourceFetch(ctx: AppContext, limits: Limits = {}): SourceIo['fetch'] {
  const timeoutMs = limits.timeoutMs ?? SOURCE_TIMEOUT_MS
  const maxBytes = limits.maxBytes ?? SOURCE_MAX_BYTES
  return async (url, init = {}) => {
    const signal = AbortSignal.timeout(timeoutMs)
    try {
      const res = (await safeFetch(url, {
        allowlist: ctx.config.ssrfAllowlist,
        lookup: ctx.lookupHost,
        method: init.method ?? 'GET',
        body: init.body,
        headers: { 'user-agent': 'Firebreak/1.0 (social listening)', ...init.headers },
        signal,
      })) as unknown as Response
      return { status: res.status, headers: res.headers, body: await readCapped(res, maxBytes) }
    } catch (err) {
      if (err instanceof SourceError) throw err
      if (signal.aborted) throw new SourceError(`no answer within ${timeoutMs / 1000} s`)
      const e = err as { message?: string; cause?: { code?: string; message?: string } }
      throw new SourceError(e.cause?.code ?? e.cause?.message ?? e.message ?? String(err), {
        permanent: (err as { code?: string }).code === 'invalid_request',
      })
    }
  }
}

/** Reads a body up to `max` bytes; a bigger one is cancelled and refused. */
async function readCapped(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'))
  if (declared > max) {
    await res.body?.cancel()
    throw new SourceError(`answer too large: ${declared} bytes (limit ${max})`)
  }
  if (!res.body) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength
    if (size > max) throw new SourceError(`answer too large: over ${max} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export type { SourceResponse }
