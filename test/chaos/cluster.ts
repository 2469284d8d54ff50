import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { hashPassword } from '../../server/auth/passwords.js'
import { openDatabase } from '../../server/db/client.js'
import { ensureBrand } from '../../server/db/repositories/brands.js'
import { users } from '../../server/db/schema.js'
import { createLogger } from '../../server/lib/logger.js'
import { startPostgresServer, type PostgresServer } from '../support/postgres-server.js'
import { startOwnRedis, type OwnRedis } from './own-redis.js'

const TEMPLATE = 'chaos_template'

/** The brand the posts are about and the console account that watches it. */
export interface Tenant {
  brandId: string
  brandSlug: string
  email: string
  password: string
}

export interface Cluster {
  pg: PostgresServer
  redis: OwnRedis
  tenant: Tenant
  /** A fresh database for a scenario, cloned from the migrated template: its URL. */
  createDatabase(scenario: string): Promise<string>
  destroy(): Promise<void>
  /** Synchronous last resort at exit: SIGKILL both servers, remove their files. */
  killNow(): void
}

/**
 * The suite's own PostgreSQL cluster and redis-server on free ports (never the machine's
 * shared ones), plus a template database migrated by the product's own code with the brand and
 * a viewer account in it: each scenario's database is a `CREATE DATABASE ... TEMPLATE` away.
 */
export async function startCluster(logDir: string): Promise<Cluster> {
  const redisRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'fb-chaos-redis-'))
  const [postgres, redis] = await Promise.all([
    startPostgresServer(),
    startOwnRedis(redisRoot, logDir),
  ])
  // The server's own log lives in its data directory, which destroy() removes: keep a copy.
  const keepServerLog = () =>
    fs.copyFileSync(path.join(postgres.dataDir, 'server.log'), path.join(logDir, 'postgres.log'))
  try {
    const tenant = await prepareTemplate(`${postgres.url}/${TEMPLATE}`)
    return {
      pg: postgres,
      redis,
      tenant,
      async createDatabase(scenario) {
        const name = `chaos_${scenario.replaceAll('-', '_')}_${crypto.randomBytes(3).toString('hex')}`
        const admin = new pg.Client({ connectionString: `${postgres.url}/postgres` })
        admin.on('error', () => {})
        await admin.connect()
        try {
          await admin.query(`create database "${name}" template "${TEMPLATE}"`)
        } finally {
          await admin.end()
        }
        return `${postgres.url}/${name}`
      },
      async destroy() {
        try {
          keepServerLog()
        } catch {
          // no log to keep
        }
        await Promise.allSettled([postgres.destroy(), redis.destroy()])
      },
      killNow() {
        redis.killNow()
        const pid = postgres.pid()
        if (pid) {
          try {
            process.kill(pid, 'SIGKILL')
          } catch {
            // already gone
          }
        }
        fs.rmSync(postgres.dataDir, { recursive: true, force: true })
        fs.rmSync(redisRoot, { recursive: true, force: true })
      },
    }
  } catch (err) {
    await Promise.allSettled([postgres.destroy(), redis.destroy()])
    throw err
  }
}

/** Creates and migrates the template with the server's code, as a first start would. */
async function prepareTemplate(url: string): Promise<Tenant> {
  const logger = createLogger('warn', { destination: process.stderr })
  const database = await openDatabase(
    { databaseUrl: url, dataDir: ':memory:', poolSize: 2 },
    logger,
  )
  try {
    const brand = await ensureBrand(database.db, {
      slug: 'kredo',
      name: 'Kredo',
      trackedTerms: ['kredo'],
      excludedTerms: ['Kredo Bank'],
    })
    const tenant: Tenant = {
      brandId: brand.id,
      brandSlug: brand.slug,
      email: 'viewer@chaos.example',
      password: 'chaos-viewer-password',
    }
    await database.db.insert(users).values({
      email: tenant.email,
      name: 'Chaos viewer',
      role: 'viewer',
      passwordHash: await hashPassword(tenant.password),
    })
    return tenant
  } finally {
    // A template may have no connection open when it is cloned.
    await database.close()
  }
}
