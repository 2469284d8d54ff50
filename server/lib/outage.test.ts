import { Writable } from 'node:stream'
import { DrizzleQueryError } from 'drizzle-orm/errors'
import { describe, expect, it } from 'vitest'
import { createLogger } from './logger.js'
import { describeError, isOutageReason, OutageError, outageOf, statementName } from './outage.js'

const pgError = (message: string, fields: Record<string, string> = {}) =>
  Object.assign(new Error(message), fields)

const SECRET_PARAM = 'scrypt$32768$8$1$c2FsdA$aGFzaA'
const failedQuery = (cause: Error) =>
  new DrizzleQueryError(
    'insert into complaints as c (brand_id, text) values ($1, $2) on conflict do nothing',
    ['0b5b…', SECRET_PARAM],
    cause,
  )

describe('outageOf', () => {
  const endpoints = {
    postgres: { host: '127.0.0.1', port: 5433 },
    redis: { host: '127.0.0.1', port: 6380 },
  }

  it('names PostgreSQL for a server that is going, coming or gone, through a failed query', () => {
    for (const cause of [
      pgError('terminating connection due to administrator command', { code: '57P01' }),
      pgError('the database system is starting up', { code: '57P03' }),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
    ]) {
      expect(outageOf(failedQuery(cause), endpoints)).toBe('postgres')
    }
  })

  it('names Redis for a fail-fast producer or a closed connection', () => {
    expect(
      outageOf(new Error("Stream isn't writeable and enableOfflineQueue options is false")),
    ).toBe('redis')
    expect(outageOf(new Error('Connection is closed.'))).toBe('redis')
  })

  it('tells a refused socket apart by its port, else by what the caller was talking to', () => {
    const refused = (port: number) =>
      Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), {
        code: 'ECONNREFUSED',
        port,
      })
    expect(outageOf(refused(5433), endpoints)).toBe('postgres')
    expect(outageOf(refused(6380), endpoints, 'postgres')).toBe('redis')
    expect(outageOf(refused(9999), endpoints, 'postgres')).toBe('postgres')
    expect(outageOf(refused(9999), endpoints)).toBeNull()
  })

  it('is null for errors about the work itself', () => {
    expect(outageOf(failedQuery(pgError('deadlock detected', { code: '40P01' })))).toBeNull()
    expect(outageOf(new Error('invalid post.analyze payload'))).toBeNull()
    // A statement that merely mentions connections is not an outage: only its cause counts.
    expect(
      outageOf(new DrizzleQueryError('select 1 -- Connection is closed', [], new Error('boom'))),
    ).toBeNull()
  })

  it('marks job failures so that dead letters know which retry themselves', () => {
    const reason = new OutageError('postgres', new Error('Connection terminated unexpectedly'))
    expect(reason.message).toBe('PostgreSQL unavailable: Connection terminated unexpectedly')
    expect(isOutageReason(reason.message)).toBe(true)
    expect(isOutageReason('deadlock detected (40P01)')).toBe(false)
  })
})

describe('describeError', () => {
  it('keeps the cause, code, constraint and statement name of a failed query, never its text', () => {
    const described = describeError(
      failedQuery(
        pgError('duplicate key value violates unique constraint "posts_identity"', {
          code: '23505',
          constraint: 'posts_identity',
          table: 'posts',
        }),
      ),
    )
    expect(described).toEqual({
      message: 'duplicate key value violates unique constraint "posts_identity"',
      code: '23505',
      constraint: 'posts_identity',
      table: 'posts',
      statement: 'insert into complaints',
    })
    expect(JSON.stringify(described)).not.toContain(SECRET_PARAM)
  })

  it('names statements by kind and first table', () => {
    expect(statementName('UPDATE "outbox" SET done_at = now()')).toBe('update outbox')
    expect(statementName('delete from sessions where id = $1')).toBe('delete from sessions')
    expect(statementName('select a, b\n from   posts p join authors au on true')).toBe(
      'select from posts',
    )
    expect(statementName('with v as (select 1) update authors set x = 1')).toBe('with')
  })
})

describe('the logger', () => {
  it('writes a failed query as its cause in one line, without the statement or its parameters', () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const logger = createLogger('info', { destination: sink })
    logger.error(
      { err: failedQuery(pgError('deadlock detected', { code: '40P01' })) },
      'job failed',
    )
    const line = JSON.parse(lines[0]!) as { err: Record<string, unknown> }
    expect(line.err).toEqual({
      type: 'DrizzleQueryError',
      message: 'deadlock detected',
      code: '40P01',
      statement: 'insert into complaints',
    })
    expect(lines[0]).not.toContain(SECRET_PARAM)
    expect(lines[0]).not.toContain('values ($1')
  })
})
