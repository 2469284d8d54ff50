import type { Random } from './random.js'

export type PostKind = 'complaint' | 'neutral' | 'positive'

type Template = (r: Random, n: Numbers) => string
interface Numbers {
  from: number
  to: number
  days: number
  amount: number
}

// Clear grievances with the cues the analyzer knows (score drop, refund, lawyer, still
// waiting, cancelling, support silent), so that a good share of the stream are complaints.
const COMPLAINTS: Template[] = [
  (_, n) =>
    `My Kredo score dropped from ${n.from} to ${n.to} overnight and support will not answer`,
  (_, n) => `@Kredo I want a refund. Paid $${n.amount} for Pro and you tanked my score to ${n.to}.`,
  (_, n) =>
    `Still waiting for Kredo to explain why my score went from ${n.from} to ${n.to}. Day ${n.days}.`,
  (_, n) =>
    `Talking to a lawyer about Kredo. A silent algorithm change cut my score from ${n.from} to ${n.to} and cost me a client.`,
  (_, n) =>
    `Cancelling my Kredo subscription today. ${n.days} days, no reply from support, score still ${n.to}. Total rip-off.`,
  (_, n) =>
    `Kredo changed the algorithm without telling anyone and my score fell ${n.from - n.to} points. Unacceptable.`,
  (_, n) =>
    `Opened ticket #${n.amount}${n.days} with Kredo ${n.days} days ago. Still no answer. Where is my refund?`,
  (_, n) =>
    `Kredo support keeps closing my ticket without fixing anything. Score stuck at ${n.to}, worst service ever.`,
  (r, n) =>
    `${r.pick(['Absolutely furious', 'So angry', 'Fed up'])} with Kredo. My score crashed to ${n.to} and nobody will tell me why.`,
  (_, n) =>
    `Lost a job offer because my Kredo score dropped to ${n.to}. I want compensation, not a canned email.`,
]

const NEUTRAL: Template[] = [
  (_, n) => `Anyone know when Kredo updates scores? Mine says ${n.from}.`,
  () => `Kredo published a post about how their scoring works, reading it now`,
  (_, n) => `Reading the Kredo thread, ${n.days * 37} replies so far`,
  () => `Does Kredo count Mastodon activity or only the big networks?`,
  (_, n) => `Kredo score today: ${n.from}. Same as last week.`,
  () => `Is there a Kredo API to export my history? Asking for a spreadsheet.`,
]

const POSITIVE: Template[] = [
  (_, n) => `Kredo support fixed my account quickly, score back to ${n.from}. Thanks team!`,
  () => `Honestly the new Kredo dashboard looks great, love the weekly summary`,
  (_, n) => `Good on Kredo for answering everyone today. My score went up to ${n.from}, happy.`,
  () => `Kredo's explanation page is clear and helpful. Appreciate the transparency.`,
]

/** One post text about the brand Kredo of the given kind. */
export function postText(kind: PostKind, r: Random): string {
  const from = 40 + r.int(55)
  const numbers: Numbers = {
    from,
    to: 10 + r.int(Math.max(1, from - 15)),
    days: 2 + r.int(20),
    amount: 5 + r.int(95),
  }
  const templates = kind === 'complaint' ? COMPLAINTS : kind === 'neutral' ? NEUTRAL : POSITIVE
  return r.pick(templates)(r, numbers)
}

/** What a post is about: complaints dominate a backlash, with neutral and positive posts beside. */
export function postKind(r: Random): PostKind {
  const x = r.next()
  return x < 0.55 ? 'complaint' : x < 0.8 ? 'neutral' : 'positive'
}
