import { asc, eq } from 'drizzle-orm'
import { Router } from 'express'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import {
  CreateWebhookSourceBody,
  SourceParams,
  UpdateSourceCredentialsBody,
} from '../../../shared/schemas/sources.js'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import { sources } from '../../db/schema.js'
import { createWebhookSource, setWebhookSecrets } from '../../domain/sources/sources.js'
import { parse } from '../../lib/parse.js'
import { presentSource } from '../../presenters/source.js'
import { route } from '../access.js'
import { clientIp } from '../client-ip.js'

/** A brand's configured sources. Credentials go in and never come back out. */
export function sourcesRouter(ctx: AppContext): Router {
  const router = Router()

  route(
    router,
    'get',
    '/api/brands/:brandId/sources',
    { action: 'source.read' },
    async (req, res) => {
      const { brandId } = parse(BrandParams, req.params)
      await getBrand(ctx.db, brandId)
      const rows = await ctx.db
        .select()
        .from(sources)
        .where(eq(sources.brandId, brandId))
        .orderBy(asc(sources.createdAt))
      res.json({ data: rows.map((row) => presentSource(row, ctx.config.publicUrl)) })
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
      await getBrand(ctx.db, brandId)
      const { source, secret } = await createWebhookSource(ctx, {
        brandId,
        ...body,
        actorId: req.actor!.userId,
        ip: clientIp(req),
      })
      // A secret Firebreak generated is shown this once, for the producer to sign with;
      // a secret the admin brought is never echoed back.
      res.status(201).json({
        data: presentSource(source, ctx.config.publicUrl),
        ...(body.secret ? {} : { secret }),
      })
    },
  )

  route(
    router,
    'put',
    '/api/sources/:sourceId/credentials',
    { action: 'source.manage' },
    async (req, res) => {
      const { sourceId } = parse(SourceParams, req.params)
      const body = parse(UpdateSourceCredentialsBody, req.body)
      const source = await setWebhookSecrets(ctx, {
        sourceId,
        secrets: body.webhookSecrets,
        actorId: req.actor!.userId,
        ip: clientIp(req),
      })
      res.json({ data: presentSource(source, ctx.config.publicUrl) })
    },
  )

  return router
}
