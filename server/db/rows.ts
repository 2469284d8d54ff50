import type { SQL } from 'drizzle-orm'
import type { Queryable } from './client.js'

/** Runs raw SQL on either driver and returns its rows (both drivers answer `{ rows }`). */
export async function queryRows<T>(q: Queryable, query: SQL): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as { rows: T[] }
  return result.rows
}
