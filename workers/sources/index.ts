import type { Connector } from './connector.js'
import { demoConnector } from './demo.js'
import { blueskyJetstreamConnector } from './jetstream.js'
import { replayConnector } from './replay.js'
import type { StreamConnector } from './stream-connector.js'

/** Connectors by source kind. Webhook sources push, so they have none. */
export const CONNECTORS: Record<string, Connector> = {
  demo: demoConnector,
  replay: replayConnector,
}

/** How often a polled source is asked for its next batch. */
export const POLL_EVERY_MS = 1000

/** Connectors of networks that push, by source kind: held open by stream-runner.ts. */
export const STREAM_CONNECTORS: Record<string, StreamConnector> = {
  'bluesky-jetstream': blueskyJetstreamConnector,
}
