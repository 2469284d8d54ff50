import { io } from 'socket.io-client'
import type { EventEnvelope } from '../shared/events.js'

/**
 * A console left open for hours, in a process of its own: it connects as a signed-in viewer and
 * hands its parent, once a second, which posts' events arrived and when (epoch ms, comparable
 * across processes), until told to stop.
 */
const [url, brandId, cookie] = process.argv.slice(2) as [string, string, string]
const now = () => performance.timeOrigin + performance.now()
let received: Array<[string, number]> = []
const socket = io(url, {
  auth: { brandId },
  transports: ['websocket'],
  extraHeaders: { cookie, origin: url },
})
// The parent may be gone (it failed, or stopped): nothing to tell then.
const tell = (message: object, then?: () => void) =>
  process.connected ? process.send!(message, undefined, undefined, then) : then?.()
socket.on('connect', () => tell({ type: 'ready' }))
socket.on('connect_error', (err) => tell({ type: 'error', message: err.message }))
socket.on('complaint.scored', (event: EventEnvelope<'complaint.scored'>) => {
  received.push([event.data.lead.externalId, now()])
})
const flush = (then: () => void = () => {}) => {
  const batch = received
  received = []
  tell({ type: 'receipts', received: batch }, then)
}
const timer = setInterval(() => flush(), 1000)
process.on('disconnect', () => process.exit(0))
process.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return
  clearInterval(timer)
  socket.close()
  flush(() => process.exit(0))
})
