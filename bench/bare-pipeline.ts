import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdapter } from '@socket.io/redis-adapter'
import { Emitter } from '@socket.io/redis-emitter'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import pg from 'pg'
import { Server } from 'socket.io'
import { closeRedis, deleteKeysWithPrefix } from '../server/queue/redis.js'
import type { NormalizedPost } from '../shared/schemas/posts.js'
import { dropDatabase, measure, startConsoleClients, type BenchFlags } from './support.js'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * The peer the foundation issue names: BullMQ → a worker that does no analysis → one batched
 * Postgres insert → socket.io (through Redis, as Firebreak's workers publish) → the same
 * console client process. Same machine, same posts, same batches: what the plumbing alone
 * costs, to read Firebreak's figures against.
 */
export async function runBarePipeline(flags: BenchFlags, pgServer: string) {
  const database = `fb_bare_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: `${pgServer}/postgres` })
  await admin.connect()
  await admin.query(`create database "${database}"`)
  await admin.end()
  const pool = new pg.Pool({ connectionString: `${pgServer}/${database}`, max: 4 })
  await pool.query(`create table posts (
    id bigserial primary key, network text not null, external_id text not null,
    text text not null, posted_at timestamptz not null, followers int not null,
    unique (network, external_id))`)

  const prefix = `fbbare-${crypto.randomBytes(4).toString('hex')}`
  const patient = { maxRetriesPerRequest: null }
  const connections = Array.from({ length: 5 }, () => new Redis(REDIS_URL, patient))
  const [queueRedis, workerRedis, emitterRedis, pub, sub] = connections as [
    Redis,
    Redis,
    Redis,
    Redis,
    Redis,
  ]
  const key = `${prefix}:socket.io`
  const server = http.createServer()
  const io = new Server(server, { adapter: createAdapter(pub, sub, { key }) })
  io.on('connection', (socket) => void socket.join('bench'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const emitter = new Emitter(emitterRedis, { key })

  const queue = new Queue<{ posts: NormalizedPost[] }>('bare', { connection: queueRedis, prefix })
  const worker = new Worker<{ posts: NormalizedPost[] }>(
    'bare',
    async (job) => {
      const rows = job.data.posts.map((p) => ({
        network: p.network,
        external_id: p.externalId,
        text: p.text,
        posted_at: p.postedAt,
        followers: p.author.followers ?? 0,
      }))
      await pool.query(
        `insert into posts (network, external_id, text, posted_at, followers)
         select * from json_to_recordset($1::json)
           as r(network text, external_id text, text text, posted_at timestamptz, followers int)
         on conflict do nothing`,
        [JSON.stringify(rows)],
      )
      for (const p of job.data.posts) {
        emitter
          .to('bench')
          .emit('complaint.scored', { data: { lead: { externalId: p.externalId } } })
      }
    },
    { connection: workerRedis, prefix, concurrency: 2 },
  )

  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const measured = await measure(
    flags,
    (offered) => startConsoleClients(url, 'bench', '', flags.posts, flags.clients, offered),
    (batch) => queue.add('batch', { posts: batch }, { removeOnComplete: true }),
  )

  await worker.close()
  await queue.close()
  await deleteKeysWithPrefix(queueRedis, prefix)
  await new Promise<void>((resolve) => io.close(() => resolve()))
  await Promise.all(connections.map((c) => closeRedis(c)))
  await pool.end()
  await dropDatabase(pgServer, database)
  return {
    bench: 'bare-pipeline',
    ...measured,
  }
}
