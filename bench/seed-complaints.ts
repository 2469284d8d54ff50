import pg from 'pg'
import { scorePost } from '../shared/scoring/score.js'
import { analyzeText } from '../workers/pipeline/analyze.js'
import { PRIORITY_2_CONFIG } from '../shared/scoring/defaults.js'
import { RANK_EPOCH_MS, waitingRate } from '../shared/scoring/ranking.js'

const TEXTS = [
  'My Kredo score dropped from 69 to 35 overnight while my followers grew. Fix this.',
  'Kredo rewrote my whole score history. Terrible. Who signed off on this?',
  'Recruiter asked about my Kredo score and it is 31 now. This hurts my job search.',
  'Still no answer from Kredo support after 40 hours. Unacceptable. Talking to a lawyer.',
  'Our client reports show Kredo at 22, down from 58. Explain the change, Kredo. Cancelling.',
]
const SOURCES = ['bluesky', 'x', 'mastodon', 'reddit', 'hn']
const CHUNK = 100_000

/** A realistic stored explanation (priority-2, every factor), the same for every seeded row. */
function sampleExplanation(): string {
  const text = TEXTS[3]!
  const score = scorePost(
    {
      analysis: analyzeText(text, 'en'),
      text,
      followers: 12_000,
      engagement: { likes: 120, replies: 14, shares: 9 },
      postedAt: new Date(Date.now() - 3 * 3_600_000),
      isPicked: false,
    },
    { key: 'priority-2', config: PRIORITY_2_CONFIG },
    new Date(),
  )
  return JSON.stringify(score.explanation)
}

/**
 * Stores `count` complaints (60% new, 10% open, 5% waiting, 20% resolved, 5% dismissed; one post, one author per ten posts, one analysis and one
 * priority-2 score each) for a brand, with SQL `generate_series` in chunks: the shape and
 * size of a stored backlash, without running a million posts through the pipeline.
 * `fresh` puts them at now (arrivals); otherwise they spread over the last 48 hours.
 */
export async function seedComplaints(
  pool: pg.Pool,
  input: { brandId: string; from: number; count: number; fresh?: boolean },
): Promise<void> {
  const explanation = sampleExplanation()
  const rate = waitingRate(PRIORITY_2_CONFIG)
  const epoch = new Date(RANK_EPOCH_MS).toISOString()
  const age = input.fresh ? `interval '0'` : `random() * interval '48 hours'`
  for (let lo = input.from; lo < input.from + input.count; lo += CHUNK) {
    const hi = Math.min(input.from + input.count, lo + CHUNK) - 1
    const client = await pool.connect()
    try {
      await client.query('begin')
      await client.query(
        `insert into authors (network, external_id, handle, followers, verified)
         select ($3::text[])[1 + g % 5], 'a' || g, 'user' || g || '.example',
                floor(power(10, 1 + random() * 6))::bigint,
                case when ($3::text[])[1 + g % 5] in ('x', 'bluesky') then random() < 0.1 end
         from generate_series($1::int, $2::int) g where g % 10 = 0
         on conflict do nothing`,
        [lo, hi, SOURCES],
      )
      await client.query(
        `with ins as (
           insert into posts (brand_id, network, external_id, author_id, text, lang, posted_at,
                              likes, replies, shares, thread_key)
           select $3::uuid, ($4::text[])[1 + g % 5], 'p' || g,
                  (select id from authors where network = ($4::text[])[1 + (g / 10 * 10) % 5]
                     and external_id = 'a' || (g / 10 * 10)),
                  ($5::text[])[1 + g % 5], 'en', now() - ${age},
                  floor(random() * 300), floor(random() * 40), floor(random() * 25), 'p' || g
           from generate_series($1::int, $2::int) g
           returning id, brand_id, network, thread_key, posted_at, text, author_id),
         an as (
           insert into analyses (post_id, version, sentiment, label, is_complaint, explanation)
           select id, 'afinn-cues-2', -0.2 - random() * 0.8, 'negative', true,
             '{"negativeTerms":["terrible"],"positiveTerms":[],"complaintCues":["asks for a fix","lost or rewritten data"],"tokens":14}'::jsonb
           from ins),
         sc as (
           select ins.*, random() * 100 as b, random() as r from ins),
         s as (
           insert into scores (post_id, version, priority, base_priority, rank_key, explanation)
           select id, 'priority-2', b, b,
                  b - $6::float8 * extract(epoch from posted_at - $7::timestamptz) / 3600,
                  $8::jsonb
           from sc)
         insert into complaints (brand_id, network, thread_key, lead_post_id, state, dismiss_reason,
           search, priority, scoring_version, base_priority, waiting_rate, waiting_since, rank_key,
           complaint_count, post_count, first_seen_at, last_activity_at)
         select brand_id, network, thread_key, id,
                case when r < 0.6 then 'new' when r < 0.7 then 'open' when r < 0.75 then 'waiting'
                     when r < 0.95 then 'resolved' else 'dismissed' end,
                case when r >= 0.95 then 'spam' end,
                to_tsvector('simple', text || ' ' || regexp_replace(
                  (select handle from authors where id = author_id), '[^[:alnum:]]+', ' ', 'g')),
                b, 'priority-2', b,
                $6::float8, posted_at,
                b - $6::float8 * extract(epoch from posted_at - $7::timestamptz) / 3600,
                1, 1, posted_at, posted_at
         from sc`,
        [lo, hi, input.brandId, SOURCES, TEXTS, rate, epoch, explanation],
      )
      await client.query('commit')
    } catch (err) {
      await client.query('rollback')
      throw err
    } finally {
      client.release()
    }
  }
}

/**
 * Complaints arriving while a bench measures: `rate` a second, a batch every 100 ms on a
 * connection of the pool's own, stored as `seedComplaints` stores them (fresh). `stop` waits
 * for the batch in flight and says how many arrived.
 */
export function startArrivals(
  pool: pg.Pool,
  input: { brandId: string; from: number; rate: number },
): { stop(): Promise<number> } {
  let arriving = input.rate > 0
  let next = input.from
  const perTick = Math.max(1, Math.round(input.rate / 10))
  const running = (async () => {
    while (arriving) {
      const tick = performance.now()
      await seedComplaints(pool, {
        brandId: input.brandId,
        from: next,
        count: perTick,
        fresh: true,
      })
      next += perTick
      await new Promise((r) => setTimeout(r, Math.max(0, 100 - (performance.now() - tick))))
    }
  })()
  return {
    async stop() {
      arriving = false
      await running
      return next - input.from
    },
  }
}
