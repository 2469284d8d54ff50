import type { Queryable } from './checks.js'
import { CHAOS_NETWORKS, MENTIONED, type Fakes } from './reply-networks.js'

/** What the reply-delivery scenario found, on the fake networks and in the database. */
export interface ReplyFigures {
  replies: number
  /** Replies by final state (all must be `sent`). */
  states: Record<string, number>
  /** Replies with no post on their network. */
  lost: number
  /** Posts on a network beyond the first for a reply (the invariant: zero). */
  duplicated: number
  /** Posts on a network that answer no reply of ours. */
  strays: number
  /** Sent replies whose URL or id is not the network's post's, or whose parent is not theirs. */
  wrongRecord: number
  /** Sent replies not stored as a post of their thread, or whose complaint is not waiting. */
  notInThread: number
  /** Bluesky posts mentioning a resolvable handle without the right mention facet. */
  badFacets: number
  /** Replies that took more than one attempt, and the attempts the networks saw. */
  multiAttempt: number
  networkAttempts: Record<string, number>
  /** Posts published whose answer never reached the worker: dropped by the fake, or lost to a kill. */
  answersDropped: Record<string, number>
  answersLostToKills: Record<string, number>
  publishedPerNetwork: Record<string, number>
  samples: string[]
}

interface ReplyRow {
  id: string
  network: string
  state: string
  text: string
  url: string | null
  external_id: string | null
  attempts: number
  parent_external_id: string
  post_id: string | null
  stored_external_id: string | null
  complaint_state: string
}

/** Every reply of the brand against every post the fake networks published. */
export async function checkReplies(
  q: Queryable,
  brandId: string,
  fakes: Fakes,
): Promise<ReplyFigures> {
  const { rows } = (await q.query(
    `select r.id, r.network, r.state, r.text, r.url, r.external_id, r.attempts,
            parent.external_id as parent_external_id, r.post_id,
            stored.external_id as stored_external_id, c.state as complaint_state
     from replies r
     join posts parent on parent.id = r.parent_post_id
     join complaints c on c.id = r.complaint_id
     left join posts stored on stored.id = r.post_id
     where r.brand_id = $1`,
    [brandId],
  )) as unknown as { rows: ReplyRow[] }
  const figures: ReplyFigures = {
    replies: rows.length,
    states: {},
    lost: 0,
    duplicated: 0,
    strays: 0,
    wrongRecord: 0,
    notInThread: 0,
    badFacets: 0,
    multiAttempt: 0,
    networkAttempts: {},
    answersDropped: {},
    answersLostToKills: {},
    publishedPerNetwork: {},
    samples: [],
  }
  const sample = (s: string) => figures.samples.length < 20 && figures.samples.push(s)
  const ours = new Set<string>()
  for (const r of rows) {
    figures.states[r.state] = (figures.states[r.state] ?? 0) + 1
    if (r.attempts > 1) figures.multiAttempt++
    const fake = fakes[r.network as keyof Fakes]
    const published = fake.posts.filter((p) => p.text === r.text)
    ours.add(`${r.network}\n${r.text}`)
    if (published.length === 0) {
      figures.lost++
      sample(`reply ${r.id} (${r.network}, ${r.state}): not on the network`)
      continue
    }
    if (published.length > 1) {
      figures.duplicated += published.length - 1
      sample(`reply ${r.id} (${r.network}): ${published.length} posts on the network`)
    }
    const post = published[0]!
    if (r.state !== 'sent') continue
    if (
      r.url !== post.url ||
      r.external_id !== post.id ||
      post.inReplyTo !== r.parent_external_id
    ) {
      figures.wrongRecord++
      sample(
        `reply ${r.id} (${r.network}): recorded ${r.external_id} ${r.url}, network ${post.id} ${post.url}`,
      )
    }
    if (!r.post_id || r.stored_external_id !== post.id || r.complaint_state !== 'waiting') {
      figures.notInThread++
      sample(`reply ${r.id}: post ${r.post_id ?? 'none'}, complaint ${r.complaint_state}`)
    }
    if (r.network === 'bluesky' && r.text.includes(`@${MENTIONED}`)) {
      const facets = ((post.body.record as { facets?: FacetLike[] }).facets ?? []).filter((f) =>
        f.features.some((x) => x.$type === 'app.bsky.richtext.facet#mention'),
      )
      const utf8 = Buffer.from(r.text, 'utf8')
      const ok =
        facets.length === 1 &&
        utf8.subarray(facets[0]!.index.byteStart, facets[0]!.index.byteEnd).toString() ===
          `@${MENTIONED}`
      if (!ok) {
        figures.badFacets++
        sample(`reply ${r.id}: facets ${JSON.stringify(facets)}`)
      }
    }
  }
  for (const network of CHAOS_NETWORKS) {
    const fake = fakes[network]
    figures.networkAttempts[network] = fake.attempts.length
    figures.answersDropped[network] = fake.answersDropped
    figures.answersLostToKills[network] = fake.answersLost - fake.answersDropped
    figures.publishedPerNetwork[network] = fake.posts.length
    for (const p of fake.posts)
      if (!ours.has(`${network}\n${p.text}`)) {
        figures.strays++
        sample(`${network} post ${p.id} answers no reply: ${p.text.slice(0, 60)}`)
      }
  }
  return figures
}

interface FacetLike {
  index: { byteStart: number; byteEnd: number }
  features: Array<{ $type: string }>
}

/** The reasons the reply figures are not ok (empty: ok). */
export function judgeReplyFigures(f: ReplyFigures, expected: number): string[] {
  const failures: string[] = []
  const need = (ok: boolean, reason: string) => ok || failures.push(reason)
  need(f.replies === expected, `${f.replies} replies queued, ${expected} expected`)
  const notSent = f.replies - (f.states.sent ?? 0)
  need(notSent === 0, `${notSent} replies not sent: ${JSON.stringify(f.states)}`)
  need(f.lost === 0, `${f.lost} replies not on their network`)
  need(f.duplicated === 0, `${f.duplicated} duplicate posts on the networks`)
  need(f.strays === 0, `${f.strays} posts on the networks that answer no reply`)
  need(f.wrongRecord === 0, `${f.wrongRecord} replies recorded with the wrong URL, id or parent`)
  need(f.notInThread === 0, `${f.notInThread} sent replies not in their thread, or not waiting`)
  need(f.badFacets === 0, `${f.badFacets} Bluesky mentions without their facet`)
  const dropped = Object.values(f.answersDropped).reduce((a, b) => a + b, 0)
  need(dropped > 0, 'no published post lost its answer: the uncertain path was never taken')
  return failures
}
