import { useEffect, useRef } from 'react'
import { useBrandSocket } from '../../lib/brandSocket.js'
import { onServerEvents } from '../../lib/socket.js'

/** At most one refresh per this long, however fast the brand's pushes come. */
export const LIVE_THROTTLE_MS = 5_000

/**
 * Calls `refresh` when the brand's data changes (any numbered push: a complaint scored or
 * updated, a reply sent), at most once per LIVE_THROTTLE_MS: during a backlash pushes come
 * many a second and the dashboard's reads are aggregates, so one read per window is enough.
 * The last push of a burst is never lost: it schedules a read at the end of the window.
 */
export function useLiveRefresh(refresh: () => void): void {
  const socket = useBrandSocket()
  const latest = useRef(refresh)
  useEffect(() => {
    latest.current = refresh
  }, [refresh])

  useEffect(() => {
    if (!socket) return
    let last = 0
    let timer: number | undefined
    const fire = () => {
      timer = undefined
      last = Date.now()
      latest.current()
    }
    const off = onServerEvents(socket, () => {
      if (timer !== undefined) return
      const wait = Math.max(0, last + LIVE_THROTTLE_MS - Date.now())
      timer = window.setTimeout(fire, wait)
    })
    return () => {
      off()
      window.clearTimeout(timer)
    }
  }, [socket])
}
