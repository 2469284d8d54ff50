import { describe, expect, it } from 'vitest'
import { detectPromise } from './promise-detect.js'

// Wednesday 2 December 2026, 10:00 in UTC+1 (09:00 UTC).
const now = new Date('2026-12-02T09:00:00Z')
const at = (text: string) => detectPromise(text, { now, timezoneOffsetMinutes: 60 })

describe('detectPromise', () => {
  it('reads what is promised and a weekday, due at the end of that working day', () => {
    expect(at('Sorry about this. We will restore your history by Friday.')).toEqual({
      what: 'restore your history',
      dueAt: '2026-12-04T16:00:00.000Z',
      phrase: 'We will restore your history by Friday.',
    })
  })

  it('reads contractions, curly apostrophes and relative days', () => {
    expect(at("Thanks! I'll get back to you tomorrow")).toMatchObject({
      what: 'get back to you',
      dueAt: '2026-12-03T16:00:00.000Z',
    })
    expect(at('We’re going to refund the fee within 48 hours')).toMatchObject({
      what: 'refund the fee',
      dueAt: '2026-12-04T09:00:00.000Z',
    })
    expect(at('we are going to fix it on Monday at 9am')).toMatchObject({
      what: 'fix it',
      dueAt: '2026-12-07T08:00:00.000Z',
    })
  })

  it('reads office words and keeps what goes on after the date', () => {
    expect(at('I will call you by end of day')).toMatchObject({
      what: 'call you',
      dueAt: '2026-12-02T16:00:00.000Z',
    })
    expect(at('We will reset your score by Dec 10 and refund the fee.')).toMatchObject({
      what: 'reset your score and refund the fee',
      dueAt: '2026-12-10T16:00:00.000Z',
    })
  })

  it('finds nothing without a commitment, without a date, or with a negative one', () => {
    expect(at('Your history was restored on Friday.')).toBeNull()
    expect(at('We will look into it.')).toBeNull()
    expect(at('We will not restore it by Friday.')).toBeNull()
    expect(at('You will get it tomorrow.')).toBeNull()
    expect(at('')).toBeNull()
    // A date already past is no promise to track.
    expect(at('We will have fixed it by yesterday')).toBeNull()
  })

  it('stays quick and bounded on hostile input', () => {
    const started = performance.now()
    expect(at('we will '.repeat(50_000))).toBeNull()
    expect(at(`${'a'.repeat(100_000)} we will fix it tomorrow`)).toBeNull()
    const bidi = at('We will \u202Efix\u202C it tomorrow <script>alert(1)</script>')
    expect(bidi?.what).toBe('\u202Efix\u202C it')
    const long = at(`We will ${'fix '.repeat(100)} tomorrow`)
    expect(long).toBeNull() // the date lies past the part of the sentence that is read
    expect(at(`We will ${'fix '.repeat(60)}tomorrow`)?.what.length).toBeLessThanOrEqual(200)
    expect(performance.now() - started).toBeLessThan(2_000)
  })
})
