import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import { TEAM_EVENTS, type TeamData, type TeamEventName } from '../../../shared/events.js'
import { connectBrandSocket, type BrandSocket } from './socket.js'

const BrandSocketContext = createContext<BrandSocket | null>(null)

/**
 * One socket per signed-in tab and brand, shared by every page and the shell (inbox, thread,
 * notifications, presence): the server joins it to the rooms the role may see.
 */
export function BrandSocketProvider({
  brandId,
  children,
}: {
  /** Mount it with `key={brandId}`: another brand is another socket. */
  brandId: string
  children: ReactNode
}) {
  const [socket] = useState(() => connectBrandSocket(brandId))
  // Connected while mounted (StrictMode's second mount reconnects what the first cleanup closed).
  useEffect(() => {
    socket.connect()
    return () => {
      socket.disconnect()
    }
  }, [socket])
  return <BrandSocketContext.Provider value={socket}>{children}</BrandSocketContext.Provider>
}

/** The tab's socket for the current brand; null before the brand is known. */
export function useBrandSocket(): BrandSocket | null {
  return useContext(BrandSocketContext)
}

/** Calls `handler` with every push of a team event, parsed; pushes that break the contract are dropped. */
export function useTeamEvent<N extends TeamEventName>(
  name: N,
  handler: (data: TeamData<N>) => void,
): void {
  const socket = useBrandSocket()
  useEffect(() => {
    if (!socket) return
    const listener = (payload: unknown) => {
      const parsed = TEAM_EVENTS[name].safeParse(payload)
      if (parsed.success) handler(parsed.data as TeamData<N>)
    }
    ;(socket.on as (event: string, fn: (payload: unknown) => void) => void)(name, listener)
    return () => {
      ;(socket.off as (event: string, fn: (payload: unknown) => void) => void)(name, listener)
    }
  }, [socket, name, handler])
}
