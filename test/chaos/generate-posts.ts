import fs from 'node:fs'
import type { NormalizedPostInput } from '../../shared/schemas/posts.js'
import { postKind, postText } from './post-texts.js'
import { seededRandom, zipfSampler, type Random } from './random.js'

const NETWORKS = ['bluesky', 'x', 'mastodon', 'reddit', 'hackernews'] as const
type Network = (typeof NETWORKS)[number]
const NETWORK_WEIGHTS: Record<Network, number> = {
  x: 0.3,
  bluesky: 0.25,
  reddit: 0.2,
  mastodon: 0.15,
  hackernews: 0.1,
}

interface Author {
  network: Network
  externalId: string
  handle: string
  displayName: string
  followers: number | null
  karma: number | null
  verified: boolean | null
}

interface Thread {
  network: Network
  rootId: string
  /** External ids of the root and the replies so far: a reply answers one of them. */
  members: string[]
}

export interface GeneratedPosts {
  file: string
  /** Distinct posts in the file (what must be stored). */
  distinct: number
  /** Lines in the file: distinct posts plus repeats. */
  lines: number
  repeats: number
  authors: number
  threads: number
  replies: number
  byNetwork: Record<string, number>
  byKind: Record<string, number>
}

/**
 * Writes the import file: `posts` distinct posts in the README's JSONL format, `repeat` of them
 * a second time (byte-identical, later in the file), spread over five networks, in reply
 * threads (roots before their replies), by a few thousand Zipf-distributed authors who keep
 * the same handle and followers on every line, posted within the last 24 hours. Everything
 * but the time anchor (the current hour) follows from the seed.
 */
export function generatePosts(
  file: string,
  options: { posts: number; repeat: number; seed?: number; now?: Date },
): GeneratedPosts {
  const r = seededRandom(options.seed ?? 20260825)
  const anchor = Math.floor((options.now ?? new Date()).getTime() / 3_600_000) * 3_600_000
  const span = 22 * 3_600_000
  const authorsByNetwork = makeAuthors(
    r,
    Math.max(50, Math.min(3000, Math.round(options.posts / 16))),
  )
  const samplers = Object.fromEntries(
    NETWORKS.map((s) => [s, zipfSampler(authorsByNetwork[s].length, 1.1, r)]),
  ) as Record<Network, () => number>

  const threads: Thread[] = []
  const lines: string[] = []
  const byKind: Record<string, number> = {}
  const byNetwork: Record<string, number> = {}
  let replies = 0
  for (let i = 0; i < options.posts; i++) {
    // Replies go to recent threads, as a backlash's conversations do; the rest open new ones.
    const thread = threads.length && r.chance(0.55) ? recentThread(threads, r) : null
    const network = thread?.network ?? pickNetwork(r)
    const author = authorsByNetwork[network][samplers[network]()]!
    const externalId = postId(network, i)
    const kind = postKind(r)
    const post: NormalizedPostInput = {
      network,
      externalId,
      url: postUrl(network, author, externalId),
      text: postText(kind, r),
      lang: 'en',
      postedAt: new Date(anchor - span + Math.floor((span * i) / options.posts)).toISOString(),
      author: {
        externalId: author.externalId,
        handle: author.handle,
        displayName: author.displayName,
        followers: author.followers,
        karma: author.karma,
        verified: author.verified,
      },
      engagement: {
        likes: r.logNormal(3, 1.5),
        replies: r.logNormal(1, 1.2),
        shares: r.logNormal(1, 1.3),
      },
    }
    if (thread) {
      post.threadId = thread.rootId
      post.inReplyTo = r.pick(thread.members)
      thread.members.push(externalId)
      replies++
    } else {
      threads.push({ network, rootId: externalId, members: [externalId] })
    }
    byKind[kind] = (byKind[kind] ?? 0) + 1
    byNetwork[network] = (byNetwork[network] ?? 0) + 1
    lines.push(JSON.stringify(post))
  }

  fs.writeFileSync(file, placeRepeats(lines, options.repeat, r).join('\n') + '\n')
  return {
    file,
    distinct: options.posts,
    lines: options.posts + options.repeat,
    repeats: options.repeat,
    authors: NETWORKS.reduce((n, s) => n + authorsByNetwork[s].length, 0),
    threads: threads.length,
    replies,
    byNetwork,
    byKind,
  }
}

/**
 * Adds `repeat` distinct lines a second time, each somewhere after its first occurrence: the
 * same post delivered again must be stored once. Sorting by a position key keeps the original
 * order (roots before replies) intact.
 */
function placeRepeats(lines: string[], repeat: number, r: Random): string[] {
  const chosen = new Set<number>()
  while (chosen.size < repeat) chosen.add(r.int(lines.length))
  const keyed = lines.map((line, i) => ({ key: i, line }))
  for (const i of [...chosen].sort((a, b) => a - b)) {
    keyed.push({ key: i + 1 + r.next() * (lines.length - i - 1), line: lines[i]! })
  }
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.line)
}

function recentThread(threads: Thread[], r: Random): Thread {
  // Mostly one of the last few hundred threads, now and then an older one revived.
  const window = r.chance(0.9) ? Math.min(threads.length, 300) : threads.length
  return threads[threads.length - 1 - r.int(window)]!
}

function pickNetwork(r: Random): Network {
  let x = r.next()
  for (const network of NETWORKS) if ((x -= NETWORK_WEIGHTS[network]) < 0) return network
  return 'x'
}

function makeAuthors(r: Random, total: number): Record<Network, Author[]> {
  const byNetwork = Object.fromEntries(NETWORKS.map((s) => [s, [] as Author[]])) as Record<
    Network,
    Author[]
  >
  for (let i = 0; i < total; i++) {
    const network = pickNetwork(r)
    const name = `${r.pick(NAMES)}${r.pick(SURNAMES)}`
    const handle = `${name.toLowerCase()}${i}`
    const forum = network === 'reddit' || network === 'hackernews'
    byNetwork[network].push({
      network,
      externalId: network === 'bluesky' ? `did:plc:chaos${i.toString(36)}` : `${network}-user-${i}`,
      handle: network === 'bluesky' ? `${handle}.bsky.social` : handle,
      displayName: name,
      followers: forum ? null : r.logNormal(300, 2),
      karma: forum ? r.logNormal(800, 2) : null,
      verified: network === 'x' || network === 'bluesky' ? r.chance(0.05) : null,
    })
  }
  // Every network needs at least one author for the Zipf sampler.
  for (const network of NETWORKS) {
    if (!byNetwork[network].length) {
      byNetwork[network].push({ ...byNetwork.x[0]!, network, externalId: `${network}-user-x` })
    }
  }
  return byNetwork
}

function postId(network: Network, i: number): string {
  switch (network) {
    case 'bluesky':
      return `at://did:plc:chaos/app.bsky.feed.post/3k${i.toString(36).padStart(8, '0')}`
    case 'x':
      return String(1_830_000_000_000_000_000n + BigInt(i) * 7919n)
    case 'mastodon':
      return `11300${String(i).padStart(10, '0')}`
    case 'reddit':
      return `t1_${(i + 1_000_000).toString(36)}`
    case 'hackernews':
      return String(41_000_000 + i)
  }
}

function postUrl(network: Network, author: Author, id: string): string {
  switch (network) {
    case 'bluesky':
      return `https://bsky.app/profile/${author.handle}/post/${id.split('/').at(-1)}`
    case 'x':
      return `https://x.com/${author.handle}/status/${id}`
    case 'mastodon':
      return `https://mastodon.social/@${author.handle}/${id}`
    case 'reddit':
      return `https://www.reddit.com/r/kredo/comments/${id}`
    case 'hackernews':
      return `https://news.ycombinator.com/item?id=${id}`
  }
}

const NAMES = [
  'Ana',
  'Ben',
  'Chloe',
  'Dev',
  'Eli',
  'Fatima',
  'Gus',
  'Hana',
  'Ivan',
  'Jo',
  'Kai',
  'Lena',
]
const SURNAMES = ['Moss', 'Nguyen', 'Okafor', 'Park', 'Quinn', 'Rossi', 'Silva', 'Tanaka', 'Umar']
