import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

/**
 * A Jetstream-shaped firehose in a process of its own (its CPU is not the reader's): post
 * creates at `rate` per second, one in `1/match` about the brand, each stamped with the
 * time it is sent (`time_us`, also in its rkey so the bench can find it among stored posts).
 * Stops sending on the parent's 'stop' and reports what it sent; the parent kills it.
 */
const [rate, match] = process.argv.slice(2).map(Number) as [number, number]
const matchEvery = Math.max(1, Math.round(1 / match))
const COMPLAINTS = [
  'My Kredo score dropped from 71 to 38 overnight and support will not answer. Terrible.',
  'Kredo rewrote my score history without a word. Who signed off on this? Fix it.',
  'Still no reply from Kredo support after two days. Unacceptable, cancelling Pro.',
]
const CHATTER = [
  'Lovely light on the harbour this morning, the ferries are running late again',
  'anyone else watching the match tonight? that second half was wild',
  'Finished the book finally. The ending did not land for me but the middle was great',
  'new sourdough attempt, crumb is better than last week',
]
let sent = 0
let matched = 0
let lastTimeUs = 0
let maxBuffered = 0
let timer: NodeJS.Timeout | null = null
const server = http.createServer()
const wss = new WebSocketServer({ server, path: '/subscribe', perMessageDeflate: false })

function frame(i: number): string {
  // Distinct and increasing, as Jetstream's time_us (µs since the epoch).
  lastTimeUs = Math.max(
    lastTimeUs + 1,
    Math.round((performance.timeOrigin + performance.now()) * 1000),
  )
  const isMatch = i % matchEvery === 0
  if (isMatch) matched++
  const did = `did:plc:bench${i % 5000}`
  return JSON.stringify({
    did,
    time_us: lastTimeUs,
    kind: 'commit',
    commit: {
      rev: `3rev${i}`,
      operation: 'create',
      collection: 'app.bsky.feed.post',
      rkey: `t${lastTimeUs}`,
      record: {
        $type: 'app.bsky.feed.post',
        createdAt: new Date(lastTimeUs / 1000).toISOString(),
        langs: ['en'],
        text: isMatch ? COMPLAINTS[i % COMPLAINTS.length] : `${CHATTER[i % CHATTER.length]} #${i}`,
      },
      cid: `bafybench${i}`,
    },
  })
}

function emit(ws: WebSocket) {
  const started = performance.now()
  const base = sent
  timer = setInterval(() => {
    const due = base + Math.floor(((performance.now() - started) / 1000) * rate)
    while (sent < due && ws.readyState === ws.OPEN) ws.send(frame(sent++))
    maxBuffered = Math.max(maxBuffered, ws.bufferedAmount)
  }, 5)
}

wss.on('connection', (ws) => {
  if (timer) clearInterval(timer)
  emit(ws)
})
process.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return
  if (timer) clearInterval(timer)
  // The connection stays open (a quiet live tail) until the bench has stopped its reader.
  process.send!({ type: 'stopped', sent, matched, lastTimeUs, maxBuffered })
})
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  process.send!({ type: 'ready', url: `ws://127.0.0.1:${port}/subscribe` })
})
