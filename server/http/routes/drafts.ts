import { Router } from 'express'
import { PutDraftBody } from '../../../shared/schemas/drafts.js'
import { ComplaintParams } from '../../../shared/schemas/scoring-config.js'
import type { AppContext } from '../../context.js'
import { findDraft, listDrafters } from '../../db/repositories/reply-drafts.js'
import { saveDraft } from '../../domain/drafts/reply-drafts.js'
import { parse } from '../../lib/parse.js'
import { presentDraft, presentDrafter } from '../../presenters/drafts.js'
import { route } from '../access.js'

/**
 * Reply drafts saved as one types: one's own (restored when the thread reopens) and who else
 * has one on a complaint (the team sees names and times, never another's text).
 */
export function draftsRouter(ctx: AppContext): Router {
  const router = Router()
  const MINE = '/api/complaints/:complaintId/drafts/mine'
  const WRITE = { action: 'draft.write', denied: 'Only those who reply keep drafts' } as const

  route(router, 'get', MINE, WRITE, async (req, res) => {
    const { complaintId } = parse(ComplaintParams, req.params)
    const draft = await findDraft(ctx.db, complaintId, req.actor!.userId)
    res.json({ data: draft ? presentDraft(draft) : null })
  })

  route(router, 'put', MINE, WRITE, async (req, res) => {
    const { complaintId } = parse(ComplaintParams, req.params)
    const { text } = parse(PutDraftBody, req.body)
    const saved = await saveDraft(ctx.db, { complaintId, actorId: req.actor!.userId, text })
    if (saved.changed)
      ctx.publisher.tell('draft.changed', { brandId: saved.changed.brandId }, saved.changed)
    res.json({ data: saved.draft ? presentDraft(saved.draft) : null })
  })

  route(router, 'delete', MINE, WRITE, async (req, res) => {
    const { complaintId } = parse(ComplaintParams, req.params)
    const saved = await saveDraft(ctx.db, { complaintId, actorId: req.actor!.userId, text: '' })
    if (saved.changed)
      ctx.publisher.tell('draft.changed', { brandId: saved.changed.brandId }, saved.changed)
    res.status(204).end()
  })

  const READ = { action: 'draft.read' } as const
  route(router, 'get', '/api/complaints/:complaintId/drafts', READ, async (req, res) => {
    const { complaintId } = parse(ComplaintParams, req.params)
    res.json({ data: (await listDrafters(ctx.db, complaintId)).map(presentDrafter) })
  })

  return router
}
