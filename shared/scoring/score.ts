import { compileCue, type CuePattern } from './cue-pattern.js'
import type { Analysis, ScoreExplanation, ScoreFactor } from '../schemas/scoring.js'
import type { EscalationCue, FactorKey, ScoringConfig } from '../schemas/scoring-config.js'
import { sumContributions, summarizeScore } from './explanation.js'
import { rankKey, round2, waitingContribution, waitingRate } from './ranking.js'
import { describePercentile, networkName, type AuthorReach } from './reach.js'

export type { AuthorReach }

/** A scoring version as scoring reads it: its readable key and its configuration. */
export interface ScoringVersionRef {
  key: string
  config: ScoringConfig
}

/**
 * What the analyzer says that scoring reads. `complaintScore` and `confidence` (0..1) are
 * optional: when the analyzer gives them they replace the yes/no complaint and a neutral 1.
 */
export type ScoringSignals = Pick<Analysis, 'sentiment' | 'label' | 'isComplaint'> & {
  explanation: Pick<Analysis['explanation'], 'complaintCues'>
  complaintScore?: number
  confidence?: number
}

/** What a score reads about a post beyond its analysis. */
export interface ScoreInput {
  analysis: ScoringSignals
  /** The post text, for escalation cues. */
  text: string
  followers: number | null
  /**
   * The author's standing on their network, read by versions whose `reachMeasure` is
   * `percentile`; without it (or without a percentile) they fall back to log followers.
   */
  reach?: AuthorReach
  engagement: { likes: number; replies: number; shares: number }
  /**
   * Replies stored in the thread the post leads (its posts but the first): a complaint whose
   * thread grows gains engagement and velocity, counted as the lead's replies when more than
   * the network's own count. 0 (or absent) for a post scored on its own.
   */
  threadReplies?: number
  postedAt: Date
  /** An adviser picked the thread. */
  isPicked: boolean
  /** Who picked it and why, for the explanation (the reason is the adviser's own words). */
  pick?: { by: string; reason: string | null } | null
}

/** A factor as stored: engagement may record the thread replies it counted (not in views). */
type ThreadFactor = ScoreFactor & { threadReplies?: number }

export interface Score {
  version: string
  /** Sum of the rounded contributions, waiting at `scoredAt` included. */
  priority: number
  /** Sum of every contribution but waiting's: the part that does not change with time. */
  basePriority: number
  /** Priority added per hour of waiting, and since when the post waits. */
  rate: number
  waitingSince: Date
  /** `basePriority - rate * hours(waitingSince)`: the ranked queue orders by it. */
  rankKey: number
  scoredAt: Date
  factors: ScoreFactor[]
  /** The thread's replies when they counted instead of the post's own; null when they did not. */
  threadReplies: number | null
  /** What is stored beside the score and shown in the console. */
  explanation: ScoreExplanation
}

const HOUR_MS = 3_600_000

/**
 * Priority of a post under a scoring version, pure: each factor is an input 0..1 times its
 * weight, rounded to hundredths, and the priority is the sum of the rounded contributions, so
 * the itemised explanation always adds up. Every factor but waiting is fixed when scored;
 * waiting grows linearly from the post's time, which keeps the queue an index scan (see
 * `rankKey`). More reach, negativity or engagement never lowers a score (property-tested).
 */
export function scorePost(input: ScoreInput, version: ScoringVersionRef, scoredAt: Date): Score {
  const { config } = version
  const { analysis, followers } = input
  const threadReplies =
    (input.threadReplies ?? 0) > input.engagement.replies ? input.threadReplies! : null
  const engagement = { ...input.engagement, replies: threadReplies ?? input.engagement.replies }
  const ageHours = Math.max(0, (scoredAt.getTime() - input.postedAt.getTime()) / HOUR_MS)
  const complaint = analysis.complaintScore ?? (analysis.isComplaint ? 1 : 0)
  const confidence = analysis.confidence ?? 1
  const interactions = engagement.likes + 2 * engagement.shares + engagement.replies
  const perHour = (engagement.replies + engagement.shares) / Math.max(1, ageHours)
  const cues = matchedCues(config, input.text)
  const escalation = Math.max(0, ...cues.map((c) => c.severity))
  const rate = waitingRate(config)

  const inputs: Record<Exclude<FactorKey, 'waiting'>, [number, string, string]> = {
    complaint: [
      complaint,
      'Complaint',
      analysis.isComplaint
        ? `complaint cues: ${analysis.explanation.complaintCues.join(', ') || 'negative tone'}`
        : 'not a complaint',
    ],
    confidence: [
      confidence,
      'Analyzer confidence',
      analysis.confidence === undefined
        ? 'no confidence given; counted as sure'
        : `${Math.round(confidence * 100)}% sure`,
    ],
    negativity: [
      clamp01(-analysis.sentiment),
      'Negativity',
      `sentiment ${analysis.sentiment.toFixed(2)} (${analysis.label})`,
    ],
    reach: reachFactor(config, followers, input.reach),
    engagement: [
      logShare(interactions, config.engagementCeiling),
      'Engagement',
      `${engagement.likes} likes + 2 x ${engagement.shares} shares + ${engagement.replies} replies, log scale to ${compact(config.engagementCeiling)}` +
        (threadReplies === null ? '' : `; the thread has ${threadReplies} replies`),
    ],
    velocity: [
      logShare(perHour, config.velocityCeilingPerHour),
      'Velocity',
      `${round2(perHour)} replies and reposts per hour, log scale to ${compact(config.velocityCeilingPerHour)}`,
    ],
    recency: [
      0.5 ** (ageHours / config.recencyHalfLifeHours),
      'Recency',
      `${round2(ageHours)} h old when scored; halves every ${config.recencyHalfLifeHours} h`,
    ],
    escalation: [
      escalation,
      'Escalation cues',
      cues.length ? cues.map((c) => c.label).join(', ') : 'no escalation cue',
    ],
    pick: [input.isPicked ? 1 : 0, "Adviser's pick", pickNote(input)],
  }

  // Factors of weight 0 are left out: a version that does not use them is not explained by them.
  const factors: ScoreFactor[] = []
  for (const [key, [value, label, note]] of Object.entries(inputs)) {
    const weight = config.weights[key as FactorKey]
    if (weight <= 0) continue
    const made: ThreadFactor = factor(key, label, value, weight, note)
    // The stored explanation records how many thread replies counted, as it says in words.
    if (key === 'engagement' && threadReplies !== null) made.threadReplies = threadReplies
    factors.push(made)
  }
  const base = sumContributions(factors)
  if (config.weights.waiting > 0) {
    const waited = waitingContribution(rate, input.postedAt, scoredAt)
    factors.push({
      key: 'waiting',
      label: 'Waiting time',
      input: round2(ageHours / config.responseTargetHours),
      weight: config.weights.waiting,
      contribution: waited,
      note: `waiting ${round2(ageHours)} h of the ${round2(config.responseTargetHours)} h response target; grows ${round2(rate)} an hour`,
    })
  }
  const priority = sumContributions(factors)
  return {
    version: version.key,
    priority,
    basePriority: base,
    rate,
    waitingSince: input.postedAt,
    rankKey: rankKey(base, rate, input.postedAt),
    scoredAt,
    factors,
    threadReplies,
    explanation: {
      version: version.key,
      priority,
      factors,
      summary: summarizeScore(priority, factors),
    },
  }
}

/**
 * What scoring reads of a thread's pick as stored (when, by whom, why): picked or not, and the
 * words for its note. A picker whose account is gone is "an adviser".
 */
export function threadPick(
  pickedAt: Date | string | null,
  pickedBy: string | null,
  reason: string | null,
): Pick<ScoreInput, 'isPicked' | 'pick'> {
  return pickedAt === null
    ? { isPicked: false, pick: null }
    : { isPicked: true, pick: { by: pickedBy ?? 'an adviser', reason } }
}

/** "picked by Ada: “reason”", as text: the reason is shown as the adviser wrote it. */
function pickNote({ isPicked, pick }: ScoreInput): string {
  if (!isPicked) return 'not picked'
  if (!pick) return 'picked by an adviser'
  return `picked by ${pick.by}${pick.reason ? `: “${pick.reason}”` : ''}`
}

/**
 * The reach factor's input and note. Under `percentile`, the author's percentile on their
 * network; an author without one yet is read on the log scale of followers, and the note says
 * so. Under `log_followers` (versions 1 and 2), exactly as those versions scored.
 */
function reachFactor(
  config: ScoringConfig,
  followers: number | null,
  reach: AuthorReach | undefined,
): [number, string, string] {
  const percentile = reach?.percentile
  if (
    config.reachMeasure === 'percentile' &&
    reach &&
    percentile !== null &&
    percentile !== undefined
  )
    return [percentile, 'Author reach', describePercentile(clamp01(percentile), reach, followers)]
  const logNote =
    followers === null
      ? 'follower count unknown'
      : `${followers.toLocaleString('en-US')} followers, log scale to ${compact(config.reachCeiling)}`
  if (config.reachMeasure === 'percentile') {
    const where = reach ? ` on ${networkName(reach.network)}` : ''
    return [
      logShare(followers ?? 0, config.reachCeiling),
      'Author reach',
      `no reach percentile${where} yet, so log followers: ${logNote}`,
    ]
  }
  return [logShare(followers ?? 0, config.reachCeiling), 'Author reach', logNote]
}

function factor(key: string, label: string, input: number, weight: number, note: string) {
  const value = round2(clamp01(input))
  return { key, label, input: value, weight, contribution: round2(value * weight), note }
}

const compiled = new WeakMap<ScoringConfig, Array<EscalationCue & { re: CuePattern }>>()

/** The escalation cues of a config that a text matches (compiled once per config, on RE2). */
export function matchedCues(config: ScoringConfig, text: string): EscalationCue[] {
  let cues = compiled.get(config)
  if (!cues) {
    cues = config.cues.map((c) => ({ ...c, re: compileCue(c.pattern) }))
    compiled.set(config, cues)
  }
  return cues.filter((c) => c.re.test(text))
}

const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0)
const logShare = (n: number, ceiling: number) =>
  clamp01(Math.log10(1 + Math.max(0, n)) / Math.log10(1 + ceiling))
const compact = (n: number) =>
  n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : n.toLocaleString('en-US')

export { sumContributions }
