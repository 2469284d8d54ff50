import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import type { Logger } from '../lib/logger.js'
import { acquireDirLock } from './dir-lock.js'
import * as schema from './schema.js'

type Schema = typeof schema
/** One query layer for both drivers: repositories and domain code take this type. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** A database handle or an open transaction: what a function that only queries accepts. */
export type Queryable = Db | Tx

export type DatabaseDriver = 'postgres' | 'pglite'

export interface Database {
  db: Db
  driver: DatabaseDriver
  close(): Promise<void>
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url))
const MIGRATION_LOCK = 0x46697265 // 'Fire': serialises migrations of processes starting together

export interface OpenDatabaseOptions {
  databaseUrl?: string
  dataDir: string
  poolSize?: number
  /**
   * Hears every connection that dies, idle in the pool or checked out in a transaction (its
   * query rejects as well; this is what keeps the 'error' event from killing the process).
   */
  onConnectionError?: (err: Error) => void
}

/** Opens PostgreSQL (creating the database if missing) or embedded PGlite, then migrates. */
export async function openDatabase(
  options: OpenDatabaseOptions,
  logger: Logger,
): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options, logger)
    : openPglite(options.dataDir, logger)
}

/**
 * A pg pool that survives connections dying under it. pg-pool listens for errors of idle
 * clients only, and stops when a client is checked out: a connection that dies mid-transaction
 * would emit an 'error' nobody hears, which ends the process. Every client gets a listener of
 * its own for its whole life (`onConnectionError`).
 */
export function createPool(
  url: string,
  options: { max?: number; onConnectionError: (err: Error) => void },
): pg.Pool {
  // JIT off: Firebreak's statements are short, and on a young database (no statistics yet) the
  // planner's estimates cross jit_above_cost, so PostgreSQL spent ~240 ms compiling a trigger's
  // 0-row UPDATE that ran in 0.3 ms (found with auto_explain in the pipeline bench).
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, options: '-c jit=off' })
  pool.on('connect', (client) => {
    client.on('error', options.onConnectionError)
    releaseOnFailedBegin(client)
  })
  pool.on('error', options.onConnectionError)
  return pool
}

/**
 * drizzle's node-postgres transaction checks a client out and sends BEGIN before its
 * try/finally: when BEGIN fails (the connection died as it was checked out, as happens while
 * PostgreSQL restarts), the client is never released, and the pool has one connection fewer
 * for good; ten of those and every query waits for ever. Release it here, with the error, so
 * that the pool drops it.
 */
function releaseOnFailedBegin(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  ;(client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
    const result = query(...args)
    const config = args[0] as string | { text?: string } | undefined
    const text = typeof config === 'string' ? config : config?.text
    if (text === 'begin' && result instanceof Promise) {
      result.catch((err: Error) => client.release(err))
    }
    return result
  }
}

async function openPostgres(
  url: string,
  options: OpenDatabaseOptions,
  logger: Logger,
): Promise<Database> {
  await createDatabaseIfMissing(url, logger)
  const pool = createPool(url, {
    max: options.poolSize,
    onConnectionError:
      options.onConnectionError ??
      ((err: Error) => logger.warn({ err }, 'postgres connection failed')),
  })
  const client = await pool.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR })
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
    client.release()
  }
  return {
    db: drizzlePg(pool, { schema }),
    driver: 'postgres',
    // pool.end() waits for every checked-out client: bounded, so a client some code never
    // released cannot hold a process open (or, with nothing else to wait for, let it exit 0).
    close: () =>
      Promise.race([pool.end(), new Promise<void>((resolve) => setTimeout(resolve, 5000).unref())]),
  }
}

/** Connects to the server's maintenance database and creates the target if it is missing. */
async function createDatabaseIfMissing(url: string, logger: Logger): Promise<void> {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  if (!name) throw new Error('DATABASE_URL must name a database')
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString() })
  client.on('error', () => {}) // a connection lost here rejects the query in flight as well
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name])
    if (found.rowCount) return
    await client.query(`create database "${name.replaceAll('"', '""')}"`)
    logger.info({ database: name }, 'created database')
  } catch (err) {
    // Another process starting at the same time created it first.
    if ((err as { code?: string }).code !== '42P04') throw err
  } finally {
    await client.end()
  }
}

/** `:memory:` as the data dir gives a throwaway in-memory database (tests). */
export const IN_MEMORY = ':memory:'

async function openPglite(dataDir: string, logger: Logger): Promise<Database> {
  if (dataDir === IN_MEMORY) {
    const client = new PGlite()
    const db = drizzlePglite(client, { schema })
    await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR })
    return { db: db as unknown as Db, driver: 'pglite', close: () => client.close() }
  }
  const dir = path.join(dataDir, 'pglite')
  fs.mkdirSync(dir, { recursive: true })
  // PGlite is one in-process connection: a second process on the same files would corrupt them.
  const lock = acquireDirLock(dir, 'the embedded database')
  const client = new PGlite(dir)
  const db = drizzlePglite(client, { schema })
  await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR })
  logger.info({ dir }, 'embedded PGlite database ready')
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    close: async () => {
      await client.close()
      lock.release()
    },
  }
}
