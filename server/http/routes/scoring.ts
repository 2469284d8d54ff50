import { eq } from 'drizzle-orm'
import { Router, type Request } from 'express'
import { can } from '../../../shared/roles.js'
import {
  ComplaintParams,
  PreviewBody,
  PublishBody,
  SaveDraftBody,
  ScoringVersionParams,
  type ComplaintScores,
} from '../../../shared/schemas/scoring-config.js'
import { ScoreExplanationSchema } from '../../../shared/schemas/scoring.js'
import type { AppContext } from '../../context.js'
import { listPostScores } from '../../db/repositories/scores.js'
import {
  currentScoringVersion,
  getScoringVersion,
  listScoringVersions,
} from '../../db/repositories/scoring-versions.js'
import { complaints } from '../../db/schema.js'
import { previewScoringVersion } from '../../domain/scoring/preview-version.js'
import { publishScoringVersion } from '../../domain/scoring/publish-version.js'
import { saveScoringDraft } from '../../domain/scoring/save-draft.js'
import { AppError } from '../../lib/app-error.js'
import { parse } from '../../lib/parse.js'
import { presentScoringVersion } from '../../presenters/scoring-version.js'
import { publishScoringPublished } from '../../realtime/scoring-events.js'
import { route } from '../access.js'
import { clientIp } from '../client-ip.js'

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
      actorId: req.actor!.userId,
      ip: clientIp(req),
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
      const body = parse(PublishBody, req.body)
      const { row, currentId } = await publishScoringVersion(ctx, {
        versionId,
        ...body,
        actorId: req.actor!.userId,
        ip: clientIp(req),
      })
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
      const [version, current] = await Promise.all([
        getScoringVersion(ctx.db, versionId),
        currentScoringVersion(ctx.db),
      ])
      if (version.row.status === 'draft' && !readsDrafts(req)) {
        throw new AppError('not_found', 'Scoring version not found')
      }
      res.json({ data: presentScoringVersion(version.row, current.row.id) })
    },
  )

  route(
    router,
    'get',
    '/api/complaints/:complaintId/scores',
    { action: 'complaint.read' },
    async (req, res) => {
      const { complaintId } = parse(ComplaintParams, req.params)
      const [complaint] = await ctx.db
        .select({ leadPostId: complaints.leadPostId, scoringVersion: complaints.scoringVersion })
        .from(complaints)
        .where(eq(complaints.id, complaintId))
      if (!complaint) throw new AppError('not_found', 'Complaint not found')
      const rows = await listPostScores(ctx.db, complaint.leadPostId)
      const body: ComplaintScores = {
        complaintId,
        leadPostId: complaint.leadPostId,
        scoringVersion: complaint.scoringVersion,
        data: rows.flatMap((r) => {
          const explanation = ScoreExplanationSchema.safeParse(r.explanation)
          if (!explanation.success) return []
          return [
            {
              version: r.version,
              revision: r.revision,
              priority: r.priority,
              basePriority: r.base_priority,
              explanation: explanation.data,
              createdAt: new Date(r.created_at).toISOString(),
            },
          ]
        }),
      }
      res.json(body)
    },
  )

  return router
}
