import { Router } from 'express'
import { InviteUserBody, UpdateUserBody, UserParams } from '../../../shared/schemas/users.js'
import type { AppContext } from '../../context.js'
import { listUsers } from '../../db/repositories/users.js'
import { inviteUser, issueSetupLink, setupLink, updateUser } from '../../domain/users/users.js'
import { parse } from '../../lib/parse.js'
import { presentUser } from '../../presenters/user.js'
import { publishComplaintEvents } from '../../realtime/complaint-events.js'
import { route } from '../access.js'
import { auditedBy } from '../client-ip.js'

/** User administration: list, invite, change role, deactivate. */
export function usersRouter(ctx: AppContext): Router {
  const router = Router()

  route(router, 'get', '/api/users', { action: 'user.read' }, async (_req, res) => {
    const rows = await listUsers(ctx.db)
    res.json({ data: rows.map(presentUser) })
  })

  route(router, 'post', '/api/users', { action: 'user.manage' }, async (req, res) => {
    const body = parse(InviteUserBody, req.body)
    const { user, token } = await inviteUser(ctx, {
      ...body,
      ...auditedBy(req),
    })
    // The invite link is shown once, to the admin who passes it on.
    res
      .status(201)
      .json({ data: presentUser(user), inviteUrl: setupLink(ctx.config.publicUrl, token) })
  })

  route(router, 'patch', '/api/users/:userId', { action: 'user.manage' }, async (req, res) => {
    const { userId } = parse(UserParams, req.params)
    const body = parse(UpdateUserBody, req.body)
    const { user, events } = await updateUser(ctx, {
      ...body,
      userId,
      ...auditedBy(req),
    })
    publishComplaintEvents(ctx.publisher, events)
    res.json({ data: presentUser(user) })
  })

  route(
    router,
    'post',
    '/api/users/:userId/setup-link',
    { action: 'user.manage' },
    async (req, res) => {
      const { userId } = parse(UserParams, req.params)
      const { user, token } = await issueSetupLink(ctx, { userId, ...auditedBy(req) })
      res
        .status(201)
        .json({ data: presentUser(user), setupUrl: setupLink(ctx.config.publicUrl, token) })
    },
  )

  return router
}
