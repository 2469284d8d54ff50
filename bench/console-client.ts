import { io } from 'socket.io-client'
import type { EventEnvelope } from '../shared/events.js'

/**
 * A console in a process of its own, as a real one is: it connects, takes `count` events and
 * reports when each post's event arrived (epoch ms, comparable across processes).
 */
const [url, brandId, cookie, count] = process.argv.slice(2) as [string, string, string, string]
const now = () => performance.timeOrigin + performance.now()
const received: Array<[string, number]> = []
const socket = io(url, {
  auth: { brandId },
  transports: ['websocket'],
  extraHeaders: { cookie, origin: url },
})
socket.on('connect', () => process.send!({ type: 'ready' }))
socket.on('connect_error', (err) => process.send!({ type: 'error', message: err.message }))
// Told to stop before it had every event: it reports what it has (the rest were missed).
process.on('message', (m: { type: string }) => {
  if (m.type === 'stop') process.send!({ type: 'done', received }, () => process.exit(0))
})
socket.on('complaint.scored', (event: EventEnvelope<'complaint.scored'>) => {
  received.push([event.data.lead.externalId, now()])
  if (received.length === Number(count)) {
    process.send!({ type: 'done', received }, () => process.exit(0))
  }
})
