import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ClassifyErrorSchema, ClassifyOutputSchema } from '../../shared/schemas/classify.js'

const ROOT = path.resolve(import.meta.dirname, '../..')

// A stale dist/ is rebuilt by the first `npm run classify`, its progress on stderr: do it first,
// so that stderr below holds only what classify itself says.
beforeAll(() => {
  const build = spawnSync('node', ['scripts/build-if-stale.mjs'], { cwd: ROOT, encoding: 'utf8' })
  expect(build.status).toBe(0)
}, 180_000)

/** The documented command, exactly: `npm run -s classify`, stdin in, stdout out. */
const classify = (input: string) =>
  spawnSync('npm', ['run', '-s', 'classify'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown)

describe('npm run -s classify', () => {
  it('writes one result per good line, in order, and an error per bad line on stderr', () => {
    const input = [
      JSON.stringify({ id: 'a', text: '@Kredo still waiting for my refund, this is a rip-off' }),
      JSON.stringify({ id: 2, text: 'I love the new dashboard 😍' }),
      '{not json',
      JSON.stringify({ id: 'c', text: 42 }),
      '',
      JSON.stringify({ text: 'no id here' }),
      JSON.stringify({
        id: 'd',
        text: 'Das ist wirklich schlecht, ich warte seit Tagen auf eine Antwort',
      }),
      JSON.stringify(['an', 'array']),
      JSON.stringify({
        id: 'e',
        text: 'To jest naprawdę okropne, czekam od tygodnia na odpowiedź',
      }),
    ].join('\n')
    const run = classify(input)
    expect(run.status).toBe(1)

    const out = jsonLines(run.stdout).map((line) => ClassifyOutputSchema.strict().parse(line))
    expect(out.map((o) => o.id)).toEqual(['a', 2, 'd', 'e'])
    expect(out[0]).toMatchObject({ label: 'negative', complaint: true, language: 'en' })
    expect(out[0]!.reasons).toEqual(
      expect.arrayContaining(['lexicon: rip-off (-3)', 'complaint cue: still waiting']),
    )
    expect(out[1]).toMatchObject({ label: 'positive', complaint: false })
    expect(out[1]!.reasons).toContain('emoji: 😍')
    // German has its own model: a grievance ("ich warte seit Tagen") is a complaint.
    expect(out[2]).toMatchObject({ language: 'de', supported: true, label: 'negative' })
    expect(out[2]).toMatchObject({ complaint: true })
    expect(out[2]!.reasons).toContain('complaint cue: still waiting')
    // Polish has none: not passed off as a confident neutral.
    expect(out[3]).toMatchObject({ language: 'pl', supported: false })
    expect(out[3]!.confidence).toBeLessThanOrEqual(0.3)
    for (const o of out) {
      expect(Object.keys(o)).toEqual([
        'id',
        'label',
        'score',
        'confidence',
        'complaint',
        'complaint_score',
        'language',
        'supported',
        'reasons',
      ])
    }

    const errors = jsonLines(run.stderr).map((line) => ClassifyErrorSchema.strict().parse(line))
    expect(errors).toEqual([
      { line: 3, error: expect.stringMatching(/^invalid JSON/) },
      { line: 4, id: 'c', error: 'text: text must be a string' },
      { line: 6, error: 'id: id must be a string or a number' },
      { line: 8, error: expect.stringMatching(/expected object/i) },
    ])
  })

  it('exits 0 and keeps the order over thousands of lines', () => {
    const texts = ['terrible service', 'thanks, great help', 'the store opens at nine']
    const input = Array.from({ length: 5000 }, (_, i) =>
      JSON.stringify({ id: i, text: `${texts[i % 3]} #${i}` }),
    ).join('\n')
    const run = classify(`${input}\n`)
    expect(run.status).toBe(0)
    expect(run.stderr).toBe('')
    const out = jsonLines(run.stdout).map((line) => ClassifyOutputSchema.parse(line))
    expect(out.map((o) => o.id)).toEqual(Array.from({ length: 5000 }, (_, i) => i))
    expect(out.slice(0, 3).map((o) => o.label)).toEqual(['negative', 'positive', 'neutral'])
  })

  it('prints its usage for --help and refuses unknown flags with status 2', () => {
    expect(classify('').status).toBe(0)
    const help = spawnSync('npm', ['run', '-s', 'classify', '--', '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    expect(help.stdout).toContain('Usage: npm run -s classify')
    const bad = spawnSync('npm', ['run', '-s', 'classify', '--', '--bogus'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain("Unknown option '--bogus'")
    expect(bad.stdout).toBe('')
  })
})
