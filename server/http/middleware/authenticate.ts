import crypto from 'node:crypto'
import type { RequestHandler, Response } from 'express'
import type { Session } from '../../auth/sessions.js'
import { sessionCookieName, sessionFromHeaders, type Actor } from '../../auth/session-cookie.js'
import type { Config } from '../../config.js'
import type { AppContext } from '../../context.js'
import { AppError } from '../../lib/app-error.js'
import { isSameOrigin } from '../../auth/same-origin.js'

declare module 'express-serve-static-core' {
  interface Request {
    actor: Actor | null
    session: { id: string; data: Session } | null
  }
}

/** Loads the session from the cookie; routes decide what a missing one means. */
export function authenticate(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    req.session = await sessionFromHeaders(ctx, req.headers)
    req.actor = req.session
      ? { userId: req.session.data.userId, role: req.session.data.role }
      : null
    next()
  }
}

export function setSessionCookie(res: Response, config: Config, id: string): void {
  res.cookie(sessionCookieName(config), id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    maxAge: config.sessionTtlSeconds * 1000,
  })
}

export function clearSessionCookie(res: Response, config: Config): void {
  res.clearCookie(sessionCookieName(config), {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
  })
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Cross-site request forgery: a state-changing request that carries an Origin must come from
 * ours, and one authenticated by the session cookie must also echo the session's CSRF token
 * in `x-csrf-token` (which a foreign page cannot read).
 */
export function requireSameSite(ctx: AppContext): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next()
    if (req.headers.origin !== undefined && !isSameOrigin(req.headers, ctx.config)) {
      return next(new AppError('forbidden', 'Cross-site request refused'))
    }
    if (req.session) {
      const sent = Buffer.from(req.get('x-csrf-token') ?? '')
      const expected = Buffer.from(req.session.data.csrf)
      if (sent.length !== expected.length || !crypto.timingSafeEqual(sent, expected)) {
        return next(new AppError('forbidden', 'Missing or wrong CSRF token (x-csrf-token)'))
      }
    }
    next()
  }
}
