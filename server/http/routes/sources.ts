import { Router } from 'express'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import {
  CreateSourceBody,
  CreateWebhookSourceBody,
  SourceParams,
  UpdateSourceBody,
  UpdateSourceCredentialsBody,
} from '../../../shared/schemas/sources.js'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import { listSources, type SourceRow } from '../../db/repositories/sources.js'
import {
  createNetworkSource,
  secretNamesOf,
  updateNetworkSource,
} from '../../domain/sources/network-sources.js'
import { createWebhookSource, setWebhookSecrets } from '../../domain/sources/sources.js'
import { testSourceConnection } from '../../domain/sources/test-connection.js'
import { parse } from '../../lib/parse.js'
import { presentSource } from '../../presenters/source.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** A brand's configured sources. Credentials go in and never come back out. */
export function sourcesRouter(ctx: AppContext): Router {
  const router = Router()
  const view = (row: SourceRow) => presentSource(row, ctx.config.publicUrl, secretNamesOf(ctx, row))

  route(
    router,
    'get',
    '/api/brands/:brandId/sources',
    { action: 'source.read' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      await getBrand(ctx.db, brandId)
      const rows = await listSources(ctx.db, brandId)
      res.json({ data: rows.map(view) })
    },
  )

  route(
    router,
    'post',
    '/api/brands/:brandId/sources/webhook',
    { action: 'source.manage' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      const body = parse(CreateWebhookSourceBody, req.body)
      const created = await createWebhookSource(ctx, { brandId, ...body, ...auditedBy(req) })
      // A secret Firebreak generated is shown this once, for the producer to sign with;
      // a secret the admin brought is never echoed back.
      const secret = body.secret ? {} : { secret: created.secret }
      res.status(201).json({ data: view(created.source), ...secret })
    },
  )

  route(
    router,
    'post',
    '/api/brands/:brandId/sources',
    { action: 'source.manage' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      const body = parse(CreateSourceBody, req.body)
      const row = await createNetworkSource(ctx, { brandId, ...body, ...auditedBy(req) })
      res.status(201).json({ data: view(row) })
    },
  )

  route(
    router,
    'patch',
    '/api/sources/:sourceId',
    { action: 'source.manage' },
    async (req, res) => {
      const { sourceId } = parse(SourceParams, req.params)
      const body = parse(UpdateSourceBody, req.body)
      const row = await updateNetworkSource(ctx, { sourceId, ...body, ...auditedBy(req) })
      res.json({ data: view(row) })
    },
  )

  route(
    router,
    'post',
    '/api/sources/:sourceId/test',
    { action: 'source.manage' },
    async (req, res) => {
      const { sourceId } = parse(SourceParams, req.params)
      res.json({ data: await testSourceConnection(ctx, sourceId) })
    },
  )

  route(
    router,
    'put',
    '/api/sources/:sourceId/credentials',
    { action: 'source.manage' },
    async (req, res) => {
      const { sourceId } = parse(SourceParams, req.params)
      const { webhookSecrets: secrets } = parse(UpdateSourceCredentialsBody, req.body)
      const source = await setWebhookSecrets(ctx, { sourceId, secrets, ...auditedBy(req) })
      res.json({ data: view(source) })
    },
  )

  return router
}
