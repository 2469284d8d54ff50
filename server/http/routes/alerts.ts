import { Router, type Request, type Response } from 'express'
import { AlertListQuery, AlertParams, ResolveAlertBody } from '../../../shared/schemas/alerts.js'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import type { AppContext } from '../../context.js'
import { listAlerts } from '../../db/repositories/alerts.js'
import { getBrand } from '../../db/repositories/brands.js'
import { changeAlert, type AlertChange } from '../../domain/alerts/change-alert.js'
import { parse } from '../../lib/parse.js'
import { publishAlerts, viewAlerts } from '../../realtime/alert-events.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/**
 * A brand's spike alerts: everyone reads them (the banner, the Alerts page); whoever triages
 * acknowledges one, advisers resolve it.
 */
export function alertsRouter(ctx: AppContext): Router {
  const router = Router()

  route(
    router,
    'get',
    '/api/brands/:brandId/alerts',
    { action: 'trend.read' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      const { state } = parse(AlertListQuery, req.query)
      await getBrand(ctx.db, brandId)
      res.json({ data: await viewAlerts(ctx, await listAlerts(ctx.db, { brandId, state })) })
    },
  )

  /** One change in one transaction, then the alert pushed to every console of the brand. */
  const changed = async (req: Request, res: Response, change: AlertChange) => {
    const { brandId, alertId } = parse(AlertParams, req.params)
    const alert = await changeAlert(ctx, { brandId, alertId, change, ...auditedBy(req) })
    await publishAlerts(ctx, 'alert.updated', [alert.id])
    const [view] = await viewAlerts(ctx, [alert])
    res.json({ data: view })
  }
  route(
    router,
    'post',
    '/api/brands/:brandId/alerts/:alertId/acknowledge',
    { action: 'alert.acknowledge', denied: 'Only agents, advisers and admins acknowledge alerts' },
    (req, res) => changed(req, res, { kind: 'acknowledge' }),
  )
  route(
    router,
    'post',
    '/api/brands/:brandId/alerts/:alertId/resolve',
    { action: 'alert.manage', denied: 'Only advisers and admins resolve alerts' },
    (req, res) => {
      const { note } = parse(ResolveAlertBody, req.body ?? {})
      return changed(req, res, { kind: 'resolve', note: note || null })
    },
  )

  return router
}
