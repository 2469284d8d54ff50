import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sourceRow } from '../../test/support/source-row.js'
import { describe, expect, it } from 'vitest'
import type { SourceRow } from '../../server/db/repositories/sources.js'
import { demoConnector } from './demo.js'
import { replayConnector } from './replay.js'

const T0 = Date.parse('2026-08-25T14:00:00Z')
const post = (id: string, offsetSeconds: number) =>
  JSON.stringify({
    source: 'x',
    externalId: id,
    text: `post ${id}`,
    postedAt: new Date(T0 + offsetSeconds * 1000).toISOString(),
    author: { externalId: 'a', handle: 'a' },
  })

function source(kind: string, config: unknown, cursor: unknown = null): SourceRow {
  return sourceRow({ id: 'src_t', brandId: 'b', kind, name: 't', config, cursor })
}

describe('replay connector', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fb-replay-'))
  const file = path.join(dir, 'posts.jsonl')
  fs.writeFileSync(
    file,
    [post('1', 0), post('2', 10), '', post('3', 20), '{not json', post('4', 30)].join('\n'),
  )

  it('plays posts at the chosen speed, sets bad lines aside, and resumes from its cursor', async () => {
    const now = 1_000_000
    const first = await replayConnector.poll(source('replay', { path: file, speed: 10 }), now)
    expect(first.records.map((r) => r.ok && r.post.externalId)).toEqual(['1'])
    expect(first.done).toBe(false)

    // One real second is ten simulated ones at speed 10.
    const second = await replayConnector.poll(
      source('replay', { path: file, speed: 10 }, first.cursor),
      now + 1000,
    )
    expect(second.records.map((r) => r.ok && r.post.externalId)).toEqual(['2'])

    // A long pause advances at most five real seconds, so playback resumes rather than bursts.
    const third = await replayConnector.poll(
      source('replay', { path: file, speed: 10 }, second.cursor),
      now + 600_000,
    )
    expect(third.records.map((r) => (r.ok ? r.post.externalId : `bad line ${r.line}`))).toEqual([
      '3',
      'bad line 5',
      '4',
    ])
    expect(third.done).toBe(true)
    expect(third.cursor).toMatchObject({ line: 6 })

    const after = await replayConnector.poll(
      source('replay', { path: file, speed: 10 }, third.cursor),
      now + 601_000,
    )
    expect(after).toMatchObject({ records: [], done: true })
  })
})

describe('demo connector', () => {
  it('starts the backlash within seconds and stamps posts with the time they are played', async () => {
    const config = { seed: 20260825, speed: 20 }
    const now = Date.parse('2026-11-28T12:00:00Z')
    const start = await demoConnector.poll(source('demo', config), now)
    const soon = await demoConnector.poll(source('demo', config, start.cursor), now + 2000)
    const played = [...start.records, ...soon.records]
    expect(played.length).toBeGreaterThan(2)
    for (const record of played) {
      expect(record.ok).toBe(true)
      if (record.ok) expect(record.post.postedAt.getTime()).toBeLessThanOrEqual(now + 2000)
    }
  })
})
