import {
  FACTOR_KEYS,
  guaranteesFairness,
  maxBase,
  type FactorKey,
  type ScoringConfig,
} from '../schemas/scoring-config.js'
import { round2, waitingRate } from './ranking.js'

/** One factor of the ranking in plain words, with the most it adds. */
export interface FactorDescription {
  key: FactorKey
  title: string
  weight: number
  text: string
}

const fmt = (n: number) => n.toLocaleString('en-US')

/** What each factor measures, in words, for a configuration. Factors of weight 0 are left out. */
export function describeFactors(config: ScoringConfig): FactorDescription[] {
  const w = config.weights
  const text: Record<FactorKey, [string, string]> = {
    complaint: [
      'Is it a complaint?',
      `A post the analyzer reads as a complaint adds up to ${w.complaint} points.`,
    ],
    confidence: [
      'How sure the analyzer is',
      `Up to ${w.confidence} points, in proportion to the analyzer's confidence in its reading.`,
    ],
    negativity: [
      'How negative it is',
      `Up to ${w.negativity} points, in proportion to how negative the wording is (sentiment from −1 to 0).`,
    ],
    reach: [
      "The author's reach",
      config.reachMeasure === 'percentile'
        ? `Up to ${w.reach} points for where the author stands among everyone we have seen on the same network: an author in the 90th percentile on Hacker News gets as much as one in the 90th percentile on X, because 5,000 followers mean something different on each. The standing counts followers (karma on Hacker News and Reddit), how much the author's posts usually get liked, reposted and answered, and a small bonus when the network verifies the account (as much as doubling the followers would give); being verified never lowers it. Until we have placed a new author on their network, their followers count on a log scale instead, and the explanation says so.`
        : `Up to ${w.reach} points on a log scale of followers, full at ${fmt(config.reachCeiling)}: 100 followers already count for a quarter of the way, so an angry mid-size voice matters.`,
    ],
    engagement: [
      'Engagement',
      `Up to ${w.engagement} points on a log scale of likes + 2 × reposts + replies, full at ${fmt(config.engagementCeiling)}.`,
    ],
    velocity: [
      'How fast it spreads',
      `Up to ${w.velocity} points on a log scale of replies and reposts per hour since posting, full at ${fmt(config.velocityCeilingPerHour)} an hour.`,
    ],
    recency: [
      'How recent it was when scored',
      `Up to ${w.recency} points for a fresh post, halving every ${config.recencyHalfLifeHours} hours of age at scoring time.`,
    ],
    escalation: [
      'Escalation cues',
      config.cues.length
        ? `Up to ${w.escalation} points when the text mentions ${config.cues.map((c) => `${c.label.toLowerCase()} (${Math.round(c.severity * 100)}%)`).join(', ')}; the strongest cue counts.`
        : `Up to ${w.escalation} points for escalation cues (none configured).`,
    ],
    pick: [
      "An adviser's pick",
      `${w.pick} points when an adviser picks the thread as one that matters.`,
    ],
    waiting: [
      'Time waiting for an answer',
      `${round2(waitingRate(config))} points for every hour a complaint waits, ${w.waiting} at the ${config.responseTargetHours}-hour response target.`,
    ],
  }
  return FACTOR_KEYS.filter((k) => w[k] > 0).map((key) => ({
    key,
    title: text[key][0],
    weight: w[key],
    text: text[key][1],
  }))
}

/** The fairness promise of a configuration, in words. */
export function describeFairness(config: ScoringConfig): string {
  const base = maxBase(config)
  if (!guaranteesFairness(config))
    return `A fresh complaint scores at most ${base} points. This version has no waiting term strong enough to promise that every complaint reaches the top in time.`
  const hours = round2(base / waitingRate(config))
  return `A fresh complaint scores at most ${base} points. Waiting adds ${round2(waitingRate(config))} points an hour, so after ${hours} hours any complaint, even from an account with no followers, outranks every new one, and within the ${config.responseTargetHours}-hour response target it reaches the top of the queue. We answer the loudest first, and everyone in time.`
}

/** What the ranking page reads of a scoring version (a ScoringVersionView has it all). */
export interface RankingVersion {
  number: number
  key: string
  status: 'draft' | 'published'
  config: ScoringConfig
  changelog: string | null
  effectiveAt: string | null
  /** Whether new scores are written under it now. */
  isCurrent: boolean
}

/** One published version in the changelog; `text` is its author's own words. */
export interface ChangelogEntry {
  title: string
  key: string
  effectiveAt: string | null
  isCurrent: boolean
  text: string
}

/** "How we rank", as text: the one page the console and the public page both show. */
export interface RankingDescription {
  title: string
  intro: string
  factors: FactorDescription[]
  fairness: string
  /** Published versions, newest first. */
  changelog: ChangelogEntry[]
}

/**
 * How we rank, in plain words, generated from the version in effect and the changelog of every
 * published version; null when no version is in effect. Drafts are never described.
 */
export function describeRanking(versions: readonly RankingVersion[]): RankingDescription | null {
  const current = versions.find((v) => v.isCurrent && v.status === 'published')
  if (!current) return null
  return {
    title: `How we rank complaints (version ${current.number}, ${current.key})`,
    intro:
      'Every complaint gets a priority: the sum of the parts below, each shown with the complaint (“Why this priority?”). Every score keeps the version it was computed with; a new version adds scores and never rewrites old ones.',
    factors: describeFactors(current.config),
    fairness: describeFairness(current.config),
    changelog: versions
      .filter((v) => v.status === 'published')
      .sort((a, b) => b.number - a.number)
      .map((v) => ({
        title: `Version ${v.number} (${v.key})`,
        key: v.key,
        effectiveAt: v.effectiveAt,
        isCurrent: v.isCurrent,
        text: v.changelog ?? '',
      })),
  }
}
