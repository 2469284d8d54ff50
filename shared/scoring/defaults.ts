import type { ScoringConfig } from '../schemas/scoring-config.js'

const NONE = {
  confidence: 0,
  velocity: 0,
  recency: 0,
  escalation: 0,
  pick: 0,
  waiting: 0,
} as const

/**
 * Version 1 (`priority-1`): the scoring Firebreak shipped with, as data. Complaint, negativity,
 * reach and engagement only; no waiting term, so it makes no fairness promise. Seeded by
 * migration 0002; kept so that every stored `priority-1` score can be traced to its config.
 */
export const PRIORITY_1_CONFIG: ScoringConfig = {
  weights: { complaint: 15, negativity: 30, reach: 35, engagement: 20, ...NONE },
  reachMeasure: 'log_followers',
  reachCeiling: 10_000_000,
  engagementCeiling: 100_000,
  velocityCeilingPerHour: 500,
  recencyHalfLifeHours: 6,
  responseTargetHours: 24,
  cues: [],
}

/**
 * Version 2 (`priority-2`): adds confidence, velocity, recency, escalation cues, the adviser's
 * pick, and waiting time. Fresh complaints score at most 100; waiting adds 200 at the 24 h
 * response target (8.33 an hour), so after 12 h a zero-reach complaint outranks every fresh
 * one, and the second half of the target is left to answer what arrived before it.
 */
export const PRIORITY_2_CONFIG: ScoringConfig = {
  weights: {
    complaint: 10,
    confidence: 5,
    negativity: 20,
    reach: 20,
    engagement: 10,
    velocity: 10,
    recency: 5,
    escalation: 15,
    pick: 5,
    waiting: 200,
  },
  reachMeasure: 'log_followers',
  reachCeiling: 10_000_000,
  engagementCeiling: 100_000,
  velocityCeilingPerHour: 500,
  recencyHalfLifeHours: 6,
  responseTargetHours: 24,
  cues: [
    {
      key: 'legal',
      label: 'Legal threat',
      pattern:
        '\\b(lawyers?|attorneys?|sue|suing|lawsuit|legal action|class action|small claims|gdpr|regulators?|ftc|ombudsman)\\b',
      severity: 1,
    },
    {
      key: 'safety',
      label: 'Safety',
      pattern:
        '\\b(unsafe|danger(ous)?|harass\\w*|threat(en\\w*)?|dox\\w*|self[- ]harm|suicid\\w*|stalk\\w*)\\b',
      severity: 1,
    },
    {
      key: 'job_money',
      label: 'Job or money harm',
      pattern:
        '\\b(lost (my|a|the|our) (job|client|contract|offer)|job (offer|search)|recruiters?|fired|cost (me|us)|income|revenue|refund|money)\\b',
      severity: 0.8,
    },
    {
      key: 'cancel',
      label: 'Cancel or boycott',
      pattern: '\\b(cancel\\w*|boycott\\w*|unsubscrib\\w*|delete my account|closing my account)\\b',
      severity: 0.6,
    },
  ],
}

/**
 * Version 3 (`priority-3`): priority-2 with author reach read as the author's percentile among
 * the authors seen on the same network (followers, karma, verified, typical engagement), so a
 * voice that is loud for Hacker News counts like one that is loud for X. Same weights, so the
 * same fairness. Seeded by migration 0006 from the version in effect (this, on a standard install).
 */
export const PRIORITY_3_CONFIG: ScoringConfig = { ...PRIORITY_2_CONFIG, reachMeasure: 'percentile' }
