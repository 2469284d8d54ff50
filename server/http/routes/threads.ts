import { Router } from 'express'
import { can } from '../../../shared/roles.js'
import { CreateNoteBody } from '../../../shared/schemas/notes.js'
import { ComplaintParams } from '../../../shared/schemas/scoring-config.js'
import type { ThreadView } from '../../../shared/schemas/threads.js'
import type { AppContext } from '../../context.js'
import { loadNotes } from '../../db/repositories/notes.js'
import { addNote } from '../../domain/triage/add-note.js'
import { readThread } from '../../domain/triage/read-thread.js'
import { parse } from '../../lib/parse.js'
import { presentComplainerDetail } from '../../presenters/complainer.js'
import { presentComplaint, viewFor } from '../../presenters/complaint.js'
import { presentHistoryEntry, presentNote, presentThreadPost } from '../../presenters/thread.js'
import { pushNotifications } from '../../realtime/triage-events.js'
import { presentReply } from '../../presenters/reply.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** A complaint's thread view, and the team's private notes on it. */
export function threadsRouter(ctx: AppContext): Router {
  const router = Router()

  const READ = { action: 'complaint.read' } as const
  route(router, 'get', '/api/complaints/:complaintId/thread', READ, async (req, res) => {
    const { complaintId } = parse(ComplaintParams, req.params)
    const { role } = req.actor!
    const thread = await readThread(ctx.db, { complaintId, role })
    const data: ThreadView = {
      complaint: viewFor(role, presentComplaint(thread.complaint)),
      posts: thread.posts.map(presentThreadPost),
      author: thread.author && presentComplainerDetail(thread.author),
      history: thread.history.map((h) => presentHistoryEntry(h, can(role, 'complaint.owners'))),
      ...(thread.notes ? { notes: thread.notes.map(presentNote) } : {}),
      ...(thread.replies ? { replies: thread.replies.map(presentReply) } : {}),
    }
    res.json({ data })
  })

  const NOTES = { action: 'note.read', denied: 'Notes are for the team' } as const
  route(router, 'get', '/api/complaints/:complaintId/notes', NOTES, async (req, res) => {
    const { complaintId } = parse(ComplaintParams, req.params)
    res.json({ data: (await loadNotes(ctx.db, complaintId)).map(presentNote) })
  })

  const WRITE = { action: 'note.write', denied: 'Notes are for the team' } as const
  route(router, 'post', '/api/complaints/:complaintId/notes', WRITE, async (req, res) => {
    const { complaintId } = parse(ComplaintParams, req.params)
    const body = parse(CreateNoteBody, req.body)
    const added = await addNote(ctx, { ...body, complaintId, ...auditedBy(req) })
    const note = presentNote(added.note)
    ctx.publisher.tell('note.added', { brandId: added.brandId }, note)
    await pushNotifications(ctx, added.notificationIds)
    res.status(201).json({ data: note })
  })

  return router
}
