import { Router, type Request } from 'express'
import { can } from '../../../shared/roles.js'
import {
  ComplaintParams,
  PreviewBody,
  PublishBody,
  SaveDraftBody,
  ScoringVersionParams,
} from '../../../shared/schemas/scoring-config.js'
import type { AppContext } from '../../context.js'
import {
  currentScoringVersion,
  getScoringVersion,
  listScoringVersions,
} from '../../db/repositories/scoring-versions.js'
import { previewScoringVersion } from '../../domain/scoring/preview-version.js'
import { loadComplaintScores } from '../../domain/scoring/complaint-scores.js'
import { publishScoringVersion } from '../../domain/scoring/publish-version.js'
import { saveScoringDraft } from '../../domain/scoring/save-draft.js'
import { AppError } from '../../lib/app-error.js'
import { parse } from '../../lib/parse.js'
import { presentComplaintScores } from '../../presenters/complaint-scores.js'
import { presentScoringVersion } from '../../presenters/scoring-version.js'
import { publishScoringPublished } from '../../realtime/scoring-events.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** Scoring versions: read by everyone; drafted, previewed and published by advisers and admins. */
export function scoringRouter(ctx: AppContext): Router {
  const router = Router()

  // A draft is an adviser's proposal, not yet how anyone is ranked: those who cannot propose
  // (agents, leadership) read published versions only.
  const readsDrafts = (req: Request) => can(req.actor!.role, 'scoring.propose')

  route(router, 'get', '/api/scoring/versions', { action: 'scoring.read' }, async (req, res) => {
    const [rows, current] = await Promise.all([
      listScoringVersions(ctx.db),
      currentScoringVersion(ctx.db),
    ])
    const visible = readsDrafts(req) ? rows : rows.filter((row) => row.status !== 'draft')
    res.json({ data: visible.map((row) => presentScoringVersion(row, current.row.id)) })
  })

  route(router, 'put', '/api/scoring/draft', { action: 'scoring.propose' }, async (req, res) => {
    const { config } = parse(SaveDraftBody, req.body)
    const row = await saveScoringDraft(ctx, {
      config,
      ...auditedBy(req),
    })
    res.json({ data: presentScoringVersion(row, null) })
  })

  route(
    router,
    'post',
    '/api/scoring/versions/:versionId/preview',
    { action: 'scoring.propose' },
    async (req, res) => {
      const { versionId } = parse(ScoringVersionParams, req.params)
      const body = parse(PreviewBody, req.body)
      res.json({ data: await previewScoringVersion(ctx.db, { ...body, versionId }) })
    },
  )

  route(
    router,
    'post',
    '/api/scoring/versions/:versionId/publish',
    { action: 'scoring.publish' },
    async (req, res) => {
      const { versionId } = parse(ScoringVersionParams, req.params)
      const input = { versionId, ...parse(PublishBody, req.body), ...auditedBy(req) }
      const { row, currentId } = await publishScoringVersion(ctx, input)
      publishScoringPublished(ctx.publisher, row, currentId)
      res.json({ data: presentScoringVersion(row, currentId) })
    },
  )

  route(
    router,
    'get',
    '/api/scoring/versions/:versionId',
    { action: 'scoring.read' },
    async (req, res) => {
      const { versionId } = parse(ScoringVersionParams, req.params)
      const { row } = await getScoringVersion(ctx.db, versionId)
      if (row.status === 'draft' && !readsDrafts(req))
        throw new AppError('not_found', 'Scoring version not found')
      const current = await currentScoringVersion(ctx.db)
      res.json({ data: presentScoringVersion(row, current.row.id) })
    },
  )

  route(
    router,
    'get',
    '/api/complaints/:complaintId/scores',
    { action: 'complaint.read' },
    async (req, res) => {
      const { complaintId } = parse(ComplaintParams, req.params)
      res.json(presentComplaintScores(await loadComplaintScores(ctx.db, complaintId)))
    },
  )

  return router
}
