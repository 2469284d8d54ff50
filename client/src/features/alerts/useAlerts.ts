import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { useTeamEvent } from '../../lib/brandSocket.js'
import { alertsApi, alertsKey, type AlertFilter } from './alertsApi.js'

/**
 * A brand's alerts, read again when one is raised, acknowledged or resolved (pushed to every
 * console of the brand) and every minute besides: a console that missed a push catches up.
 */
export function useAlerts(brandId: string, filter: AlertFilter) {
  const client = useQueryClient()
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
  return query
}
