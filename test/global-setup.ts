import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { openDatabase } from '../server/db/client.js'
import { createLogger } from '../server/lib/logger.js'
import { PG_ADMIN_URL, databaseUrl } from './support/postgres.js'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
  }
}

/**
 * Migrates a template database once per run on the machine's PostgreSQL; each test file
 * clones it (CREATE DATABASE ... TEMPLATE), so files run in parallel on their own data.
 */
export default async function setup(project: TestProject) {
  const template = `fb_tmpl_${process.pid}_${Date.now().toString(36)}`
  const database = await openDatabase(
    { databaseUrl: databaseUrl(template), dataDir: '/nonexistent' },
    createLogger('silent'),
  )
  await database.close()
  project.provide('templateDatabase', template)

  return async () => {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
    await admin.connect()
    try {
      const { rows } = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname = $1 or datname like $2`,
        [template, `${template}_%`],
      )
      for (const { datname } of rows)
        await admin.query(`drop database if exists "${datname}" with (force)`)
    } finally {
      await admin.end()
    }
  }
}
