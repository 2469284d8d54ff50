/**
 * Runs a transaction again when PostgreSQL broke a deadlock by aborting it: a triage change or
 * a pick racing an analysis or rescore batch of the same thread can wait for it while it waits
 * for the complaint.
 */
export async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (err) {
      if (attempt >= attempts || !isDeadlock(err)) throw err
    }
  }
}

const isDeadlock = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: unknown } | null
  return e?.code === '40P01' || (e?.cause !== undefined && isDeadlock(e.cause))
}
