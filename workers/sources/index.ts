import type { SourceRow } from '../../server/db/repositories/sources.js'
import { blueskySearchConnector } from './bluesky-search.js'
import type { Connector } from './connector.js'
import { demoConnector } from './demo.js'
import { redditConnector } from './reddit.js'
import { blueskyJetstreamConnector } from './jetstream.js'
import { mastodonConnector } from './mastodon.js'
import { mastodonStreamConnector } from './mastodon-stream.js'
import { hackernewsConnector } from './hackernews.js'
import { replayConnector } from './replay.js'
import { rssConnector } from './rss.js'
import type { StreamConnector } from './stream-connector.js'
import { xConnector } from './x.js'

/** Connectors by source kind. Webhook sources push, so they have none. */
export const CONNECTORS: Record<string, Connector> = {
  bluesky: blueskySearchConnector,
  demo: demoConnector,
  mastodon: mastodonConnector,
  hackernews: hackernewsConnector,
  replay: replayConnector,
  reddit: redditConnector,
  rss: rssConnector,
  x: xConnector,
}

/** How often the scheduler asks a polled source whether its next poll is due. */
export const POLL_EVERY_MS = 1000

/**
 * A network source's pace, unless its config sets `intervalSeconds`: search APIs are asked
 * every minute, feeds every five (their own publishers' pace). Replays and the demo play at
 * every tick (null): their pace is their playback clock.
 */
const DEFAULT_INTERVAL_S: Record<string, number> = {
  bluesky: 60,
  mastodon: 60,
  hackernews: 60,
  reddit: 60,
  x: 60,
  rss: 300,
}

export function pollIntervalMs(source: Pick<SourceRow, 'kind' | 'config'>): number | null {
  const own = (source.config as { intervalSeconds?: unknown } | null)?.intervalSeconds
  if (typeof own === 'number' && own > 0) return own * 1000
  const fallback = DEFAULT_INTERVAL_S[source.kind]
  return fallback ? fallback * 1000 : null
}

/** Connectors of networks that push, by source kind: held open by stream-runner.ts. */
export const STREAM_CONNECTORS: Record<string, StreamConnector> = {
  'bluesky-jetstream': blueskyJetstreamConnector,
  'mastodon-stream': mastodonStreamConnector,
}
