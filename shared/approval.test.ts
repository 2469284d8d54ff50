import { describe, expect, it } from 'vitest'
import { approvalReason, type ApprovalRule } from './approval.js'

const ANA = '00000000-0000-4000-8000-000000000001'
const BO = '00000000-0000-4000-8000-000000000002'

describe('approvalReason', () => {
  it('holds nothing under none, everything under all', () => {
    expect(approvalReason({ mode: 'none' }, { authorId: ANA, priority: 99 })).toBeNull()
    expect(approvalReason({ mode: 'all' }, { authorId: ANA, priority: 0 })).toMatch(/every reply/)
  })

  it('holds at or above the threshold, not below', () => {
    const rule = { mode: 'above_priority', threshold: 60 } as const
    expect(approvalReason(rule, { authorId: ANA, priority: 59.99 })).toBeNull()
    expect(approvalReason(rule, { authorId: ANA, priority: 60 })).toBe(
      'priority 60.0, at or above 60',
    )
    expect(approvalReason(rule, { authorId: ANA, priority: 72.44 })).toBe(
      'priority 72.4, at or above 60',
    )
  })

  it("holds the chosen people's replies only", () => {
    const rule: ApprovalRule = { mode: 'agents', userIds: [ANA] }
    expect(approvalReason(rule, { authorId: ANA, priority: 0 })).toMatch(/writer/)
    expect(approvalReason(rule, { authorId: BO, priority: 100 })).toBeNull()
  })
})
