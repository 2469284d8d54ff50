import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect } from 'react'
import { useBrandSocket, useTeamEvent } from '../../lib/brandSocket.js'
import { alertsApi, alertsKey, type AlertFilter } from './alertsApi.js'

/**
 * A brand's alerts, read again when one is raised, acknowledged or resolved (pushed to every
 * page of the brand: the socket is the brand's, not the page's), after a reconnect (the pushes
 * are not numbered, so a lost one is caught up by reading), and every minute besides.
 */
export function useAlerts(brandId: string, filter: AlertFilter) {
  const client = useQueryClient()
  const socket = useBrandSocket()
  const query = useQuery({
    queryKey: [...alertsKey(brandId), filter],
    queryFn: ({ signal }) => alertsApi.list(brandId, filter, signal),
    refetchInterval: 60_000,
  })
  const refresh = useCallback(
    () => void client.invalidateQueries({ queryKey: alertsKey(brandId) }),
    [client, brandId],
  )
  useTeamEvent('alert.raised', refresh)
  useTeamEvent('alert.updated', refresh)
  useEffect(() => {
    if (!socket) return
    socket.io.on('reconnect', refresh)
    return () => {
      socket.io.off('reconnect', refresh)
    }
  }, [socket, refresh])
  return query
}
