import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import {
  PRESENCE_HEARTBEAT_MS,
  type PresenceEntry,
  type WritingKind,
} from '../../../../shared/schemas/presence.js'
import { useBrandSocket, useTeamEvent } from '../../lib/brandSocket.js'

/** Whether this tab is writing (a note now, a reply later): one value the composer sets. */
let writing: WritingKind | null = null
const listeners = new Set<() => void>()
export function setWriting(kind: WritingKind | null): void {
  if (writing === kind) return
  writing = kind
  listeners.forEach((l) => l())
}
const subscribe = (l: () => void) => {
  listeners.add(l)
  return () => listeners.delete(l)
}
export const useWriting = () => useSyncExternalStore(subscribe, () => writing)

/** Everyone on the brand's console now, as the server last said (team roles only). */
export function usePresenceEntries(): PresenceEntry[] {
  const [entries, setEntries] = useState<PresenceEntry[]>([])
  useTeamEvent(
    'presence.changed',
    useCallback((snapshot) => setEntries(snapshot.entries), []),
  )
  return entries
}

/**
 * Tells the team what this tab shows and whether it writes there: on every change and every
 * PRESENCE_HEARTBEAT_MS, so that a tab that closes or drops leaves within the server's TTL.
 */
export function useAnnouncePresence(complaintId: string | null, enabled: boolean): void {
  const socket = useBrandSocket()
  const kind = useWriting()
  const writingHere = complaintId ? kind : null
  useEffect(() => {
    if (!socket || !enabled) return
    const send = () => socket.emit('presence.set', { complaintId, writing: writingHere })
    send()
    socket.on('connect', send)
    const timer = window.setInterval(send, PRESENCE_HEARTBEAT_MS)
    return () => {
      window.clearInterval(timer)
      socket.off('connect', send)
    }
  }, [socket, enabled, complaintId, writingHere])
  // The brand's socket outlives the page (it carries the alert banner to every page): leaving,
  // the tab says it shows nothing, or the team would see it on the complaint until the TTL.
  useEffect(() => {
    if (!socket || !enabled) return
    return () => {
      if (socket.connected) socket.emit('presence.set', { complaintId: null, writing: null })
    }
  }, [socket, enabled])
}

/** Initials for a compact presence badge. */
export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('')
