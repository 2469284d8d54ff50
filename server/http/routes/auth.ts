import { Router } from 'express'
import { SetupBody, SignInBody } from '../../../shared/schemas/users.js'
import type { AppContext } from '../../context.js'
import { recordAudit } from '../../domain/audit/record-audit.js'
import { signIn } from '../../domain/users/sign-in.js'
import { getUser } from '../../db/repositories/users.js'
import { completeSetup } from '../../domain/users/users.js'
import { listDemoAccounts } from '../../domain/users/demo-accounts.js'
import type { DemoAccounts } from '../../../shared/schemas/demo-accounts.js'
import { presentUser } from '../../presenters/user.js'
import { parse } from '../../lib/parse.js'
import { route } from '../access.js'
import { clientIp } from '../client-ip.js'
import { clearSessionCookie, setSessionCookie } from '../middleware/authenticate.js'

/** Signing in and out, the current account, and one-time setup links. */
export function authRouter(ctx: AppContext): Router {
  const router = Router()

  route(router, 'post', '/api/auth/sign-in', { public: 'signing in' }, async (req, res) => {
    const body = parse(SignInBody, req.body)
    // Any session this browser had ends: the session id is never reused across a sign-in.
    if (req.session) await ctx.sessions.destroy(req.session.id)
    const { user, sessionId, session } = await signIn(ctx, { ...body, ip: clientIp(req) })
    setSessionCookie(res, ctx.config, sessionId)
    res.json({ data: presentUser(user), csrfToken: session.csrf })
  })

  route(
    router,
    'post',
    '/api/auth/setup',
    { public: 'one-time setup and invite links' },
    async (req, res) => {
      const body = parse(SetupBody, req.body)
      const user = await completeSetup(ctx, { ...body, ip: clientIp(req) })
      res.json({ data: presentUser(user) })
    },
  )

  route(
    router,
    'get',
    '/api/auth/demo-accounts',
    { public: "the sign-in page's demo accounts, when the demo has created them" },
    async (_req, res) => {
      const data = await listDemoAccounts(ctx)
      res.set('cache-control', 'no-store').json({ data } satisfies { data: DemoAccounts })
    },
  )

  route(router, 'get', '/api/auth/me', { action: 'account.self' }, async (req, res) => {
    const user = await getUser(ctx.db, req.actor!.userId)
    res.json({ data: presentUser(user), csrfToken: req.session!.data.csrf })
  })

  route(router, 'post', '/api/auth/sign-out', { action: 'account.self' }, async (req, res) => {
    await ctx.sessions.destroy(req.session!.id)
    ctx.publisher.disconnectSession(req.session!.id)
    await recordAudit(ctx.db, {
      actorId: req.actor!.userId,
      action: 'auth.signed_out',
      subjectType: 'user',
      subjectId: req.actor!.userId,
      ip: clientIp(req),
    })
    clearSessionCookie(res, ctx.config)
    res.status(204).end()
  })

  return router
}
