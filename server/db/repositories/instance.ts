import crypto from 'node:crypto'
import type { Queryable } from '../client.js'
import { instance } from '../schema.js'

/** Who this database is: a random id written at its first start, and a short tag of it. */
export interface DatabaseIdentity {
  id: string
  /** Ten hex digits of the id: names Redis state (the default queue prefix, job ids). */
  tag: string
}

/** Reads this database's identity, writing it first when this is the database's first start. */
export async function databaseIdentity(q: Queryable): Promise<DatabaseIdentity> {
  await q.insert(instance).values({ id: crypto.randomUUID() }).onConflictDoNothing()
  const [row] = await q.select({ id: instance.id }).from(instance)
  return { id: row!.id, tag: row!.id.replaceAll('-', '').slice(0, 10) }
}
