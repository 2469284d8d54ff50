import { Router } from 'express'
import { AnnouncementInput, AnnouncementParams } from '../../../shared/schemas/announcements.js'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import {
  listAnnouncementViews,
  viewAnnouncement,
} from '../../domain/announcements/announcement-views.js'
import { createAnnouncement, deleteAnnouncement } from '../../domain/announcements/announcements.js'
import { parse } from '../../lib/parse.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** A brand's announcements and incidents: everyone reads them, advisers record them. */
export function announcementsRouter(ctx: AppContext): Router {
  const router = Router()
  const LIST = '/api/brands/:brandId/announcements'
  const MANAGE = {
    action: 'announcement.manage',
    denied: 'Only advisers and admins record announcements',
  } as const

  route(router, 'get', LIST, { action: 'trend.read' }, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    await getBrand(ctx.db, brandId)
    res.json({ data: await listAnnouncementViews(ctx, brandId) })
  })

  route(router, 'post', LIST, MANAGE, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const body = parse(AnnouncementInput, req.body)
    const record = await createAnnouncement(ctx, { brandId, body, ...auditedBy(req) })
    res.status(201).json({ data: await viewAnnouncement(ctx, record) })
  })

  route(router, 'delete', `${LIST}/:announcementId`, MANAGE, async (req, res) => {
    const params = parse(AnnouncementParams, req.params)
    await deleteAnnouncement(ctx, { ...params, ...auditedBy(req) })
    res.status(204).end()
  })

  return router
}
