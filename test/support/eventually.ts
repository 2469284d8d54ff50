/**
 * Resolves with the first truthy value `check` returns, asking again every `everyMs`: for what
 * announces itself with no event (a server's answer during an outage, a row count). Rejects
 * with `what` after `timeoutMs`.
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  { timeoutMs = 30_000, everyMs = 200 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown = null
  for (;;) {
    try {
      const value = await check()
      if (value) return value
    } catch (err) {
      lastError = err
    }
    if (Date.now() > deadline) {
      const cause = lastError ? ` (last error: ${(lastError as Error).message})` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`)
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/** `GET /healthz` of a process: its status and body, or null when nothing answers. */
export async function readHealth(
  baseUrl: string,
): Promise<{ status: number; body: Record<string, unknown> } | null> {
  try {
    const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(3000) })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  } catch {
    return null
  }
}
