import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AnalysisSchema } from '../../shared/schemas/scoring.js'
import { analyzeText } from './analyze.js'
import { extractFeatures } from './analyzer/features.js'
import { emoticonPolarity } from './analyzer/lexicon.js'
import { tokenize } from './analyzer/tokens.js'

describe('analyzeText', () => {
  it('labels clear negative, positive and neutral posts', () => {
    expect(analyzeText('This is terrible, I hate the new Kredo score', 'en').label).toBe('negative')
    expect(analyzeText('I love the new design, great job', 'en').label).toBe('positive')
    expect(analyzeText('Kredo published a blog post today', 'en').label).toBe('neutral')
  })

  it('tells a complaint from plain negativity', () => {
    const mondays = analyzeText('I hate Mondays', 'en')
    expect(mondays.label).toBe('negative')
    expect(mondays.isComplaint).toBe(false)
    const drop = analyzeText(
      '@brand my score dropped 19 points overnight while everything else went up, explain',
      'en',
    )
    expect(drop.isComplaint).toBe(true)
    expect(drop.complaintScore).toBeGreaterThan(0.5)
    expect(drop.explanation.complaintReasons).toEqual(
      expect.arrayContaining([
        'complaint cue: sudden, unannounced change',
        'complaint cue: demands an explanation',
      ]),
    )
  })

  it('names the complaint cues it found, even when they are too weak to decide', () => {
    const a = analyzeText('We filed a ticket with Kredo support at 9am, still nothing.', 'en')
    expect(a.explanation.complaintCues).toEqual(
      expect.arrayContaining(['support ticket', 'still waiting']),
    )
    if (!a.isComplaint) {
      expect(a.explanation.complaintReasons[0]).toMatch(/^complaint cues too weak \(\d+%\)/)
    }
  })

  it('gives a score in [-1, 1] that agrees with the label, and a confidence', () => {
    for (const text of ['awful, just awful', 'ok', 'brilliant, thank you!']) {
      const a = analyzeText(text, 'en')
      expect(a.sentiment).toBeGreaterThanOrEqual(-1)
      expect(a.sentiment).toBeLessThanOrEqual(1)
      expect(a.confidence).toBeGreaterThan(0.33)
      if (a.label === 'negative') expect(a.sentiment).toBeLessThan(0)
      if (a.label === 'positive') expect(a.sentiment).toBeGreaterThan(0)
    }
  })

  describe('rules', () => {
    it('negation flips the words in its reach, and only those', () => {
      const a = analyzeText('I am not happy with this update', 'en')
      expect(a.label).toBe('negative')
      expect(a.explanation.reasons).toContain('negation: not happy')
      // The sentence ends the negation: "love" is not negated.
      const b = analyzeText("It isn't cheap. But I love it!", 'en')
      expect(b.label).toBe('positive')
      expect(b.explanation.reasons).toContain('lexicon: love (+3)')
      expect(b.explanation.reasons.join(' ')).not.toContain('negation')
    })

    it('contrast: the clause after "but" outweighs the one before', () => {
      const a = analyzeText('The food was good but the service was terrible', 'en')
      expect(a.label).toBe('negative')
      expect(a.explanation.reasons).toContain('contrast: terrible after "but"')
      const b = analyzeText('The service was terrible but the food was good', 'en')
      expect(b.sentiment).toBeGreaterThan(a.sentiment)
      const features = extractFeatures('good but terrible')
      const good = features.cues.find((c) => c.reason === 'lexicon: good (+3)')!
      const terrible = features.cues.find((c) => c.reason === 'lexicon: terrible (-3)')!
      expect(good.value).toBe(1.5)
      expect(terrible.value).toBe(-4.5)
    })

    it('emoji and emoticons carry sentiment, skin tones and all', () => {
      expect(analyzeText('new update 😡😡', 'en')).toMatchObject({ label: 'negative' })
      expect(analyzeText('new update 😡', 'en').explanation.reasons).toContain('emoji: 😡')
      expect(analyzeText('new update 👍🏽', 'en').label).toBe('positive')
      expect(analyzeText('the new update :(', 'en').explanation.reasons).toContain('emoticon: :(')
      expect(analyzeText('the new update :-)', 'en').label).toBe('positive')
      expect(emoticonPolarity(':(')).toBeLessThan(0)
      expect(emoticonPolarity('):')).toBeLessThan(0)
      expect(emoticonPolarity('(:')).toBeGreaterThan(0)
      expect(emoticonPolarity('</3')).toBeLessThan(0)
      expect(emoticonPolarity('<3')).toBeGreaterThan(0)
    })

    it('elongation and capitals strengthen a word and are named', () => {
      const [token] = tokenize('sooooo')
      expect(token).toMatchObject({ norm: 'soo', elongated: true })
      const a = analyzeText('this is baaaad', 'en')
      expect(a.label).toBe('negative')
      expect(a.explanation.reasons).toContain('elongation: baaaad')
      const plain = extractFeatures('this is bad').cues[0]!.value
      const long = extractFeatures('this is baaaad').cues[0]!.value
      const loud = extractFeatures('this is BAD').cues[0]!.value
      expect(long).toBeLessThan(plain)
      expect(loud).toBeLessThan(plain)
      expect(analyzeText('this is TERRIBLE', 'en').explanation.reasons).toContain(
        'capitals: TERRIBLE',
      )
    })

    it('intensifiers strengthen the word after them', () => {
      const plain = extractFeatures('it was bad').cues[0]!.value
      const intense = extractFeatures('it was really bad').cues[0]!.value
      expect(intense).toBeLessThan(plain)
      expect(analyzeText('it was really bad', 'en').explanation.reasons).toContain(
        'intensifier: really bad',
      )
    })

    it('tokenizes URLs, mentions, hashtags, emoticons and words with apostrophes', () => {
      const kinds = tokenize("@Delta don't :) #fail https://x.co/a rip-off 😡").map((t) => [
        t.kind,
        t.norm,
      ])
      expect(kinds).toEqual([
        ['mention', '@delta'],
        ['word', "don't"],
        ['emoticon', ':)'],
        ['hashtag', 'fail'],
        ['url', 'https://x.co/a'],
        ['word', 'rip-off'],
        ['emoji', '😡'],
      ])
    })
  })

  describe('language', () => {
    it('reads Spanish, Portuguese, French, German and Italian with their own models', () => {
      const cases: Array<[string, string, 'negative' | 'positive']> = [
        ['Das ist wirklich schlecht, ich warte seit Tagen auf eine Antwort', 'de', 'negative'],
        ["Le service client ne répond jamais, c'est honteux", 'fr', 'negative'],
        ['Eu odeio esse novo aplicativo, está horrível', 'pt', 'negative'],
        ['El servicio es pésimo, estoy harto', 'es', 'negative'],
        ['Che bella giornata con gli amici, grazie a tutti!', 'it', 'positive'],
      ]
      for (const [text, language, label] of cases) {
        const a = analyzeText(text, null)
        expect(a, text).toMatchObject({ language, supported: true, label })
        expect(a.version).toBe('firebreak-lr-4')
        expect(a.explanation.reasons.length, text).toBeGreaterThan(0)
      }
    })

    it('tells a grievance in another language, and names its cues', () => {
      const a = analyzeText('@SNCF encore un train annulé, toujours pas de remboursement', null)
      expect(a).toMatchObject({ language: 'fr', isComplaint: true })
      expect(a.explanation.complaintReasons).toEqual(
        expect.arrayContaining([
          'complaint cue: delay or cancellation',
          'complaint cue: money or remedy',
        ]),
      )
      const mood = analyzeText('Odio los lunes, qué día tan largo', null)
      expect(mood).toMatchObject({ language: 'es', isComplaint: false })
    })

    it('marks a language no model reads as unsupported, never a confident neutral', () => {
      for (const [text, language] of [
        ['これはひどいサービスです', 'ja'],
        ['To jest naprawdę okropne, czekam od tygodnia na odpowiedź', 'pl'],
      ] as const) {
        const a = analyzeText(text, null)
        expect(a, text).toMatchObject({ language, supported: false })
        expect(a.confidence, text).toBeLessThanOrEqual(0.3)
        expect(a.explanation.reasons[0], text).toContain('not supported')
      }
    })

    it('reads English as English', () => {
      expect(analyzeText('my score dropped overnight and nobody explains why', null)).toMatchObject(
        { language: 'en', supported: true },
      )
    })

    it('falls back to the declared language when the text is too short to tell', () => {
      expect(analyzeText('👍', 'fr').language).toBe('fr')
      expect(analyzeText('👍', null).language).toBe('und')
      // Too short for the detector, in another script: not read as English.
      const short = analyzeText('はい', null)
      expect(short.confidence).toBeLessThanOrEqual(0.3)
      expect(short.supported).toBe(false)
    })
  })

  it('copes with empty, huge and hostile text', () => {
    expect(analyzeText('', null)).toMatchObject({
      sentiment: 0,
      label: 'neutral',
      isComplaint: false,
      supported: true,
    })
    const huge = analyzeText('bad '.repeat(250_000), 'en')
    expect(huge.sentiment).toBeLessThan(0)
    const hostile = analyzeText('<script>alert(1)</script>\u202e\u0000', 'en')
    expect(hostile.explanation.tokens).toBe(6)
    expect(hostile.label).toBe('neutral')
  })

  it('gives a defined answer to each kind of bad input', () => {
    const schemaCheck = (text: string) => AnalysisSchema.parse(analyzeText(text, null))
    // Only emoji: read from the emoji, in no language.
    expect(schemaCheck('😡😡😡')).toMatchObject({ label: 'negative', language: 'und' })
    // Only a URL: nothing to read.
    expect(schemaCheck('https://example.com/a?b=c')).toMatchObject({
      label: 'neutral',
      isComplaint: false,
    })
    // 100 KB of one word, and of prose in a supported language: an answer, in bounded time.
    const started = Date.now()
    expect(schemaCheck('z'.repeat(100_000))).toMatchObject({ label: 'neutral', isComplaint: false })
    expect(schemaCheck('el servicio es malo '.repeat(5_000))).toMatchObject({ language: 'es' })
    expect(Date.now() - started).toBeLessThan(5_000)
    // Mixed scripts: not read as English; left to a person, with low confidence.
    expect(schemaCheck('Service terrible サービス最悪 خدمة سيئة')).toMatchObject({
      supported: false,
    })
    // Lone surrogates (invalid UTF-16) neither crash nor leak into the reasons as half pairs.
    const broken = schemaCheck('bad \ud83d service \ude21 awful \ud800')
    expect(broken.label).toBe('negative')
    for (const reason of broken.explanation.reasons) expect(reason.isWellFormed()).toBe(true)
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
