import { describe, expect, it } from 'vitest'
import { promiseState } from './promises.js'

describe('promiseState', () => {
  const now = Date.parse('2026-12-04T09:00:00Z')
  const open = (dueAt: string) => promiseState({ state: 'open', dueAt }, now)

  it('reads open, due soon and overdue from the due time, and keeps kept and broken', () => {
    expect(open('2026-12-06T09:00:00Z')).toBe('open')
    expect(open('2026-12-05T09:00:00Z')).toBe('due_soon')
    expect(open('2026-12-04T09:00:01Z')).toBe('due_soon')
    expect(open('2026-12-04T09:00:00Z')).toBe('overdue')
    expect(promiseState({ state: 'kept', dueAt: '2026-12-01T00:00:00Z' }, now)).toBe('kept')
    expect(promiseState({ state: 'broken', dueAt: '2027-01-01T00:00:00Z' }, now)).toBe('broken')
  })
})
