import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeText } from './analyze.js'

describe('analyzeText', () => {
  it('labels clear negative, positive and neutral posts', () => {
    expect(analyzeText('This is terrible, I hate the new Kredo score', 'en').label).toBe('negative')
    expect(analyzeText('I love the new design, great job', 'en').label).toBe('positive')
    expect(analyzeText('Kredo published a blog post today', 'en').label).toBe('neutral')
  })

  it('flags complaints by cues even without negative words, and names them', () => {
    const a = analyzeText('We filed a ticket with Kredo support at 9am, still nothing.', 'en')
    expect(a.isComplaint).toBe(true)
    expect(a.explanation.complaintCues).toContain('support or refund')
  })

  it('recognises a score-drop complaint written without angry words', () => {
    const a = analyzeText(
      'Klout score went from 69 to 35 overnight. Every agency in our group saw the same thing. Is anyone from Klout reading this forum?',
      'en',
    )
    expect(a.isComplaint).toBe(true)
    expect(a.explanation.complaintCues).toEqual(
      expect.arrayContaining([
        'numbers going down',
        'sudden, unannounced change',
        'calls out the brand',
      ]),
    )
  })

  it('reads negation in its explanation and handles Spanish', () => {
    expect(analyzeText('not happy with this', 'en').explanation.negativeTerms).toContain(
      'not happy',
    )
    expect(analyzeText('Esto es terrible y horrible', 'es').label).toBe('negative')
  })

  it('copes with empty, huge and hostile text', () => {
    expect(analyzeText('', null)).toMatchObject({
      sentiment: 0,
      label: 'neutral',
      isComplaint: false,
    })
    const huge = analyzeText('bad '.repeat(250_000), 'en')
    expect(huge.sentiment).toBeLessThan(0)
    expect(analyzeText('<script>alert(1)</script>\u202e\u0000', 'en').explanation.tokens).toBe(4)
  })

  it('loads natural without running dotenv or printing anything', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fb-natural-'))
    fs.writeFileSync(path.join(dir, '.env'), 'FIREBREAK_CANARY=leaked\n')
    const script = `import(${JSON.stringify(path.resolve(import.meta.dirname, 'analyze.ts'))}).then(m => { m.analyzeText('bad', 'en'); console.log(JSON.stringify({ canary: process.env.FIREBREAK_CANARY ?? null })) })`
    const run = spawnSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), '-e', script],
      { cwd: dir, encoding: 'utf8' },
    )
    expect(run.stderr).toBe('')
    expect(run.stdout.trim()).toBe('{"canary":null}')
  })
})
