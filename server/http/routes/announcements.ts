import { Router } from 'express'
import { AnnouncementInput, AnnouncementParams } from '../../../shared/schemas/announcements.js'
import { BrandParams } from '../../../shared/schemas/complaints.js'
import type { AppContext } from '../../context.js'
import { getBrand } from '../../db/repositories/brands.js'
import { listAnnouncements, type AnnouncementRecord } from '../../db/repositories/announcements.js'
import { announcementImpacts } from '../../domain/announcements/announcement-impact.js'
import { createAnnouncement, deleteAnnouncement } from '../../domain/announcements/announcements.js'
import { clockNow } from '../../lib/clock.js'
import { parse } from '../../lib/parse.js'
import { presentAnnouncement } from '../../presenters/announcement.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** A brand's announcements and incidents: everyone reads them, advisers record them. */
export function announcementsRouter(ctx: AppContext): Router {
  const router = Router()
  /** Announcements with their impact, at the rules' clock. */
  const present = async (records: AnnouncementRecord[]) => {
    const now = await clockNow(ctx)
    const impacts = await announcementImpacts(ctx.db, records, now)
    return records.map((a, i) => presentAnnouncement(a, impacts[i] ?? null, now))
  }
  const LIST = '/api/brands/:brandId/announcements'
  const MANAGE = {
    action: 'announcement.manage',
    denied: 'Only advisers and admins record announcements',
  } as const

  route(router, 'get', LIST, { action: 'trend.read' }, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    await getBrand(ctx.db, brandId)
    res.json({ data: await present(await listAnnouncements(ctx.db, brandId)) })
  })

  route(router, 'post', LIST, MANAGE, async (req, res) => {
    const { brandId } = parse(BrandParams, req.params)
    const body = parse(AnnouncementInput, req.body)
    const record = await createAnnouncement(ctx, { brandId, body, ...auditedBy(req) })
    const [view] = await present([record])
    res.status(201).json({ data: view })
  })

  route(router, 'delete', `${LIST}/:announcementId`, MANAGE, async (req, res) => {
    const params = parse(AnnouncementParams, req.params)
    await deleteAnnouncement(ctx, { ...params, ...auditedBy(req) })
    res.status(204).end()
  })

  return router
}
