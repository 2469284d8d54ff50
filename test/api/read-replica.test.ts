import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InboxPageSchema } from '../../shared/schemas/inbox.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { analyzePosts } from '../../workers/processors/analyze-posts.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { createTestContext, driver, type TestContext } from '../support/context.js'
import { eventually } from '../support/eventually.js'
import { makeBrand, makePost } from '../support/factories.js'
import {
  startPostgresServer,
  startReplica,
  type PostgresServer,
} from '../support/postgres-server.js'
import { startApiServer, type ApiServer } from '../support/server.js'

// The console's lists read a streaming replica (DATABASE_READ_URL) while it is close enough
// behind; a write answers from the primary. A primary and its replica of the test's own
// (pg_basebackup), so that the replica can be paused and stopped.

const DATABASE = 'fb_read_replica'

interface Side {
  t: TestContext
  api: ApiServer
  adviser: SignedIn
}

let primary: PostgresServer
let replica: PostgresServer
/** Falls back to the primary 1.5 s behind. */
let strict: Side
/** Tolerates a minute of lag: what a paused replica looks like before the bound. */
let lenient: Side
let brandId: string

async function side(maxLagMs: number): Promise<Side> {
  const t = await createTestContext({
    DATABASE_URL: `${primary.url}/${DATABASE}`,
    DATABASE_READ_URL: `${replica.url}/${DATABASE}`,
    READ_REPLICA_MAX_LAG_MS: String(maxLagMs),
  })
  const api = await startApiServer(t)
  return { t, api, adviser: await signIn(api.url, await makeUser(t.ctx, 'adviser')) }
}

const readsReplica = (s: Side) => s.t.ctx.readDb() !== s.t.ctx.db

/** The inbox as the console lists it: external ids of its complaints' leads, and assignees. */
async function inbox(s: Side) {
  const res = await s.adviser.get(`/api/brands/${brandId}/inbox?view=open&limit=100`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return InboxPageSchema.parse(res.body).data
}

async function complain(s: Side, externalId: string) {
  const { outboxIds } = await ingestPosts(s.t.ctx, {
    brandId,
    channel: 'import',
    posts: [makePost({ externalId, threadId: externalId })],
  })
  await analyzePosts(s.t.ctx, { outboxId: outboxIds[0]! })
}

const leads = (rows: Awaited<ReturnType<typeof inbox>>) => rows.map((c) => c.lead.externalId)

async function onReplica(query: string) {
  const client = new pg.Client({ connectionString: `${replica.url}/postgres` })
  await client.connect()
  try {
    return (await client.query(query)).rows
  } finally {
    await client.end()
  }
}

describe.runIf(driver() === 'postgres')('the console’s lists on a read replica', () => {
  beforeAll(async () => {
    primary = await startPostgresServer()
    replica = await startReplica(primary)
    strict = await side(1500)
    lenient = await side(60_000)
    brandId = (await makeBrand(strict.t.ctx)).id
  }, 120_000)
  afterAll(async () => {
    for (const s of [strict, lenient]) {
      await s?.api.close()
      await s?.t.close()
    }
    await replica?.destroy()
    await primary?.destroy()
  })

  it('reads the replica once it has the data, and shows what was written there', async () => {
    await eventually('both sides to read the replica', async () =>
      [strict, lenient].every(readsReplica),
    )
    await complain(strict, 'first')
    await eventually('the replica to list the complaint', async () =>
      leads(await inbox(strict)).includes('first'),
    )
  })

  it('answers a write from the primary while its list may lag, within the bound', async () => {
    await onReplica('select pg_wal_replay_pause()')
    try {
      const [listed] = (await inbox(lenient)).filter((c) => c.lead.externalId === 'first')
      const res = await lenient.adviser.put(`/api/complaints/${listed!.id}/assignee`, {
        version: listed!.version,
        assigneeId: lenient.adviser.user.id,
      })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      // The write's own answer is the primary's: it has the assignee.
      expect(res.body.data.assignee?.id).toBe(lenient.adviser.user.id)
      // The list still reads the paused replica, a moment behind, as the bound allows.
      expect(readsReplica(lenient)).toBe(true)
      const [stale] = (await inbox(lenient)).filter((c) => c.lead.externalId === 'first')
      expect(stale!.version).toBe(listed!.version)
      // Past its bound, the strict side reads the primary and lists the change.
      await eventually(
        'the strict side to leave the lagging replica',
        async () => !readsReplica(strict),
      )
      const [fresh] = (await inbox(strict)).filter((c) => c.lead.externalId === 'first')
      expect(fresh!.assignee?.id).toBe(lenient.adviser.user.id)
      await complain(strict, 'during-pause')
      expect(leads(await inbox(strict))).toContain('during-pause')
    } finally {
      await onReplica('select pg_wal_replay_resume()')
    }
    await eventually('the strict side to read the replica again', async () => readsReplica(strict))
    expect(leads(await inbox(strict))).toContain('during-pause')
  })

  it('reads the primary while the replica is down, without calling it an outage', async () => {
    await replica.stop()
    try {
      await eventually('both sides to leave the stopped replica', async () =>
        [strict, lenient].every((s) => !readsReplica(s)),
      )
      await complain(strict, 'replica-down')
      expect(leads(await inbox(lenient))).toContain('replica-down')
      expect(strict.t.ctx.health.isUp('postgres')).toBe(true)
    } finally {
      await replica.start()
    }
    await eventually('the replica to be read again', async () => readsReplica(strict), {
      timeoutMs: 30_000,
    })
  })
})
