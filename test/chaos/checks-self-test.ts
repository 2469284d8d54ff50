import type pg from 'pg'
import type { ComplaintView } from '../../shared/schemas/complaints.js'
import { checkDatabase, compareClient } from './checks.js'

/**
 * Proves the checks can fail: inside a transaction that is rolled back, breaks one thing per
 * invariant (a counter, an event, an analysis, an outbox row, a console view) and expects each
 * check to see exactly that. Returns what it missed (empty when every check caught its fault), or null when the database
 * holds too little to tamper with.
 */
export async function selfTestChecks(
  pool: pg.Pool,
  brandId: string,
  sent: number,
  views: Map<string, { view: ComplaintView }>,
): Promise<string[] | null> {
  const client = await pool.connect()
  client.on('error', () => {})
  const missed: string[] = []
  try {
    await client.query('begin')
    const before = await checkDatabase(client, brandId, sent)
    const first = (
      await client.query('select id from complaints where brand_id = $1 limit 1', [brandId])
    ).rows[0]?.id as string | undefined
    if (!first || before.eventCount < 2 || !views.size) return null
    await client.query('update complaints set post_count = post_count + 1 where id = $1', [first])
    await client.query(
      'delete from events where brand_id = $1 and seq = (select min(seq) from events where brand_id = $1)',
      [brandId],
    )
    await client.query(
      `delete from analyses where post_id = (select a.post_id from analyses a
         join posts p on p.id = a.post_id where p.brand_id = $1 and not a.is_complaint limit 1)`,
      [brandId],
    )
    await client.query(
      'update outbox set done_at = null where id = (select id from outbox where done_at is not null limit 1)',
    )
    const after = await checkDatabase(client, brandId, sent + 1)
    const expect = (name: string, ok: boolean) => ok || missed.push(name)
    expect('lost', after.lost === before.lost + 1)
    expect('counters', after.counterMismatches >= before.counterMismatches + 1)
    expect('seq gaps', after.seqGaps === before.seqGaps + 1 && after.eventSeqMismatch)
    expect('unanalysed', after.unanalysed === before.unanalysed + 1)
    expect('stuck', after.stuck === before.stuck + 1)

    const tampered = new Map(views)
    const [id, entry] = [...views.entries()][0]!
    tampered.set(id, { view: { ...entry.view, postCount: entry.view.postCount + 1 } })
    tampered.set('00000000-0000-0000-0000-000000000000', entry)
    await client.query('rollback')
    const clean = await compareClient(client, brandId, views)
    const broken = await compareClient(client, brandId, tampered)
    expect('client = server', broken.clientMismatches === clean.clientMismatches + 2)
    return missed
  } finally {
    await client.query('rollback').catch(() => {})
    client.release()
  }
}
