import { Router } from 'express'
import { AlertWebhookParams, CreateAlertWebhookBody } from '../../../shared/schemas/alerts.js'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import type { AppContext } from '../../context.js'
import {
  getAlertWebhook,
  listAlertDeliveries,
  listAlertWebhooks,
} from '../../db/repositories/alert-webhooks.js'
import { getBrand } from '../../db/repositories/brands.js'
import {
  createAlertWebhook,
  deleteAlertWebhook,
  presentAlertWebhook,
  testAlertWebhook,
} from '../../domain/alerts/alert-webhooks.js'
import { parse } from '../../lib/parse.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** Where a brand's alerts go out: admins add, test and delete webhooks and read their log. */
export function alertWebhooksRouter(ctx: AppContext): Router {
  const router = Router()
  const LIST = '/api/brands/:brandId/alert-webhooks'
  const ONE = '/api/brands/:brandId/alert-webhooks/:webhookId'
  const ADMIN = {
    action: 'alert_webhook.manage',
    denied: 'Only admins manage alert webhooks',
  } as const

  route(router, 'get', LIST, ADMIN, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    await getBrand(ctx.db, brandId)
    res.json({ data: (await listAlertWebhooks(ctx.db, brandId)).map(presentAlertWebhook) })
  })

  route(router, 'post', LIST, ADMIN, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const body = parse(CreateAlertWebhookBody, req.body)
    const { webhook, secret } = await createAlertWebhook(ctx, { brandId, body, ...auditedBy(req) })
    // The signing secret is in this answer and nowhere else, ever again.
    res.status(201).json({ data: presentAlertWebhook(webhook), secret })
  })

  route(router, 'delete', ONE, ADMIN, async (req, res) => {
    const params = parse(AlertWebhookParams, req.params)
    await deleteAlertWebhook(ctx, { ...params, ...auditedBy(req) })
    res.status(204).end()
  })

  route(router, 'get', `${ONE}/deliveries`, ADMIN, async (req, res) => {
    const params = parse(AlertWebhookParams, req.params)
    await getAlertWebhook(ctx.db, params)
    res.json({ data: await listAlertDeliveries(ctx.db, params.webhookId) })
  })

  route(router, 'post', `${ONE}/test`, ADMIN, async (req, res) => {
    const params = parse(AlertWebhookParams, req.params)
    res.status(202).json({ data: await testAlertWebhook(ctx, { ...params, ...auditedBy(req) }) })
  })

  return router
}
