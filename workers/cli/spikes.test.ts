import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** The CLI from source (no build needed), stdin in, stdout and stderr out. */
const spikes = (input: string) =>
  spawnSync('node', ['--import', 'tsx', 'workers/cli/spikes.ts'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
  })

/** Four weeks of a steady hourly rhythm, then an hour of ten times the volume. */
function csv(): string {
  const rows = ['timestamp,value']
  const start = Date.UTC(2015, 2, 1)
  for (let i = 0; i < 28 * 288; i++) {
    const at = new Date(start + i * 300_000).toISOString().slice(0, 19).replace('T', ' ')
    const base = 30 + 20 * Math.sin((2 * Math.PI * i) / 288) + (i % 3)
    rows.push(`${at},${Math.round(i >= 25 * 288 && i < 25 * 288 + 12 ? base * 10 : base)}`)
  }
  return `${rows.join('\n')}\n`
}

describe('npm run -s spikes', () => {
  it('prints one line for the episode, naming the input timestamp of the bucket that raised it', () => {
    const run = spikes(csv())
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    const alert = JSON.parse(lines[0]!) as Record<string, unknown>
    expect(Object.keys(alert)).toEqual(['at', 'severity', 'observed', 'expected', 'confidence'])
    expect(alert.at).toBe('2015-03-26 00:00:00')
    expect(alert.observed).toBeGreaterThan(alert.expected as number)
  })

  it.each([
    [
      '2015-03-01 00:00:00,12\n2015-03-01 00:05:00,many\n',
      /^spikes: line 2: value must be a count/,
    ],
    ['timestamp,value\n2015-03-01 00:00:00,1,2\n', /^spikes: line 2: expected 2 columns .*found 3/],
    [
      '2015-03-01 00:00:00,1\n2015-02-30 00:05:00,1\n',
      /^spikes: line 2: timestamp is not a calendar date, got "2015-02-30 00:05:00"/,
    ],
    ['2015-03-01 00:00:00,1\nyesterday,1\n', /^spikes: line 2: timestamp must look like/],
    [
      '2015-03-01 00:10:00,1\n2015-03-01 00:05:00,1\n',
      /^spikes: line 2: timestamp 2015-03-01 00:05:00 is not after/,
    ],
    ['2015-03-01 00:00:00,-4\n', /^spikes: line 1: value must be a count/],
  ])('refuses bad input with status 2 and the line: %j', (input, message) => {
    const run = spikes(input)
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).not.toMatch(/\n\s+at /) // a message, not a stack
    expect(run.stdout).toBe('')
  })
})
