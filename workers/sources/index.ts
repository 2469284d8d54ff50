import type { Connector } from './connector.js'
import { demoConnector } from './demo.js'
import { mastodonConnector } from './mastodon.js'
import { replayConnector } from './replay.js'

/** Connectors by source kind. Webhook sources push, so they have none. */
export const CONNECTORS: Record<string, Connector> = {
  demo: demoConnector,
  mastodon: mastodonConnector,
  replay: replayConnector,
}

/** How often a polled source is asked for its next batch. */
export const POLL_EVERY_MS = 1000
