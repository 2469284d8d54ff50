import type { Connector } from './connector.js'
import { demoConnector } from './demo.js'
import { replayConnector } from './replay.js'
import { xConnector } from './x.js'

/** Connectors by source kind. Webhook sources push, so they have none. */
export const CONNECTORS: Record<string, Connector> = {
  demo: demoConnector,
  replay: replayConnector,
  x: xConnector,
}

/** How often a polled source is asked for its next batch. */
export const POLL_EVERY_MS = 1000
