import { useEffect, useRef, useState } from 'react'
import { network } from '../../lib/format.js'
import type { HighAlert } from './feedStore.js'

const EVERY_MS = 15_000

/**
 * Tells screen-reader users about new high-priority complaints, sparingly: at most one
 * polite message every 15 seconds, summarising what arrived since the last one.
 */
export function Announcer({ alerts }: { alerts: readonly HighAlert[] }) {
  const [message, setMessage] = useState('')
  const latest = useRef(alerts)
  const announcedUpTo = useRef(0)

  useEffect(() => {
    latest.current = alerts
  }, [alerts])

  useEffect(() => {
    const tick = () => {
      const fresh = latest.current.filter((a) => a.at > announcedUpTo.current)
      if (!fresh.length) return
      announcedUpTo.current = Math.max(...fresh.map((a) => a.at))
      const top = fresh.reduce((a, b) => (b.priority > a.priority ? b : a))
      const who = `${top.who.slice(0, 60)} on ${network(top.network).label}`
      setMessage(
        fresh.length === 1
          ? `New high-priority complaint: priority ${Math.round(top.priority)}, from ${who}.`
          : `${fresh.length} new high-priority complaints. Highest: priority ${Math.round(top.priority)}, from ${who}.`,
      )
    }
    const timer = window.setInterval(tick, EVERY_MS)
    return () => window.clearInterval(timer)
  }, [])

  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  )
}
