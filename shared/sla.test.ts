import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SLA_TARGETS,
  effectiveTargets,
  outcomeFigures,
  outcomeOf,
  owedResponse,
  priorityBand,
  SlaTargetsSchema,
  slaUrgency,
} from './sla.js'

describe('priority bands', () => {
  it('cut where the console always coloured priorities', () => {
    expect([95, 70, 69.99, 50, 30, 29.9, 0, -3].map(priorityBand)).toEqual([
      'critical',
      'critical',
      'high',
      'high',
      'medium',
      'low',
      'low',
      'low',
    ])
  })
})

describe('outcomes', () => {
  it('need a clear change of tone, and recovered needs to end no longer negative', () => {
    expect(outcomeOf(-0.62, 0.4)).toBe('recovered')
    expect(outcomeOf(-0.9, -0.3)).toBe('unchanged') // better, still negative
    expect(outcomeOf(-0.5, -0.3)).toBe('unchanged')
    expect(outcomeOf(-0.3, -0.55)).toBe('worse')
    expect(outcomeOf(0.5, 0.5)).toBe('unchanged')
    expect(outcomeFigures({ before: -0.62, after: 0.4 })).toBe(
      'sentiment −0.62 before, +0.40 after',
    )
  })
})

describe('owed responses', () => {
  const base = {
    state: 'new',
    basePriority: 55,
    firstSeenAt: new Date('2026-01-01T10:00:00Z'),
    firstResponseAt: null,
    nextResponseFrom: null,
  }
  it('run the first answer from arrival, the next from the follow-up, and nothing while waiting', () => {
    expect(owedResponse(base, DEFAULT_SLA_TARGETS)).toEqual({
      kind: 'first',
      band: 'high',
      targetMinutes: 240,
      since: '2026-01-01T10:00:00.000Z',
      dueAt: '2026-01-01T14:00:00.000Z',
    })
    const answered = { ...base, state: 'open', firstResponseAt: new Date('2026-01-01T11:00:00Z') }
    expect(owedResponse(answered, DEFAULT_SLA_TARGETS)).toBeNull()
    const next = { ...answered, nextResponseFrom: new Date('2026-01-01T12:00:00Z') }
    expect(owedResponse(next, DEFAULT_SLA_TARGETS)).toMatchObject({
      kind: 'next',
      dueAt: '2026-01-01T14:00:00.000Z',
    })
    expect(owedResponse({ ...base, state: 'waiting' }, DEFAULT_SLA_TARGETS)).toBeNull()
  })
  it('turn colour at a half, a quarter and the deadline', () => {
    const sla = { dueAt: '2026-01-01T11:00:00.000Z', targetMinutes: 60 }
    const at = (minutesLeft: number) => Date.parse(sla.dueAt) - minutesLeft * 60_000
    expect([45, 30, 20, 14, 1, 0, -5].map((m) => slaUrgency(sla, at(m)))).toEqual([
      'ok',
      'soon',
      'soon',
      'urgent',
      'urgent',
      'breached',
      'breached',
    ])
  })
  it('read stored targets, and fall back to the defaults when there are none', () => {
    expect(effectiveTargets(null)).toEqual(DEFAULT_SLA_TARGETS)
    expect(effectiveTargets(JSON.stringify(DEFAULT_SLA_TARGETS))).toEqual(DEFAULT_SLA_TARGETS)
    expect(SlaTargetsSchema.safeParse(DEFAULT_SLA_TARGETS).success).toBe(true)
  })
})
