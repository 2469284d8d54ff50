import { useQuery } from '@tanstack/react-query'
import { absoluteTime } from '../../lib/format.js'
import { toApiError } from '../../lib/http.js'
import { alertsApi } from './alertsApi.js'

/** A webhook's last deliveries, newest first, read again every few seconds while open. */
export function AlertDeliveries({ brandId, webhookId }: { brandId: string; webhookId: string }) {
  const log = useQuery({
    queryKey: ['alert-webhooks', brandId, webhookId, 'deliveries'],
    queryFn: ({ signal }) => alertsApi.deliveries(brandId, webhookId, signal),
    refetchInterval: 5_000,
  })
  if (log.error)
    return <p className="field-error">Could not load the log: {toApiError(log.error).message}</p>
  if (!log.data) return <p className="muted">Loading the log…</p>
  if (log.data.length === 0) return <p className="muted">Nothing sent yet.</p>
  return (
    <table className="webhook-log">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Attempt</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {log.data.map((d) => (
          <tr key={d.id}>
            <td>{absoluteTime(d.at)}</td>
            <td>{d.attempt}</td>
            <td>
              {d.ok ? 'Delivered' : 'Failed'}
              {d.status !== null ? ` (HTTP ${d.status})` : ''}
              {d.error ? `: ${d.error}` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
