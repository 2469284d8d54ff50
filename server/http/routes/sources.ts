import { asc, eq } from 'drizzle-orm'
import { Router } from 'express'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import { CreateWebhookSourceBody } from '../../../shared/schemas/sources.js'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import { sources } from '../../db/schema.js'
import { createWebhookSource } from '../../domain/sources/sources.js'
import { parse } from '../../lib/parse.js'
import { presentSource } from '../../presenters/source.js'

/** A brand's configured sources. Credentials go in once and never come back out. */
export function sourcesRouter(ctx: AppContext): Router {
  const router = Router()

  router.get('/api/brands/:brandId/sources', async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    await getBrand(ctx.db, brandId)
    const rows = await ctx.db
      .select()
      .from(sources)
      .where(eq(sources.brandId, brandId))
      .orderBy(asc(sources.createdAt))
    res.json({ data: rows.map((row) => presentSource(row, ctx.config.publicUrl)) })
  })

  router.post('/api/brands/:brandId/sources/webhook', async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const body = parse(CreateWebhookSourceBody, req.body)
    await getBrand(ctx.db, brandId)
    const { source, secret } = await createWebhookSource(ctx, { brandId, ...body })
    // The only time the secret leaves the server: the producer needs it to sign deliveries.
    res.status(201).json({ data: presentSource(source, ctx.config.publicUrl), secret })
  })

  return router
}
