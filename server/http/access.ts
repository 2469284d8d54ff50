import type { RequestHandler, Router } from 'express'
import { can, type Action } from '../../shared/roles.js'
import { AppError } from '../lib/app-error.js'

/**
 * How a route is let in: an action of the role matrix for signed-in users, or public with the
 * reason it needs no session (sign-in itself, signed webhooks, probes).
 */
export type Access = { action: Action; denied?: string } | { public: string }

export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  access: Access
}

/** Every route declared through `route`, so a test can prove none is missing from the matrix. */
export const ROUTE_REGISTRY = new Map<string, RouteSpec>()

/**
 * Deny by default: 401 without a session, 403 when the role may not do the action, saying so
 * in the route's own words (`denied`) when it has them.
 */
export function authorize(action: Action, denied?: string): RequestHandler {
  return (req, _res, next) => {
    if (!req.actor) return next(new AppError('unauthorized', 'Sign in first'))
    if (!can(req.actor.role, action)) {
      const message = denied
        ? `${denied}; your role is ${req.actor.role}`
        : `Your role (${req.actor.role}) may not ${action}`
      return next(new AppError('forbidden', message))
    }
    next()
  }
}

/** Declares a route with its access; the access check runs before any other handler. */
export function route(
  router: Router,
  method: RouteSpec['method'],
  path: string,
  access: Access,
  ...handlers: RequestHandler[]
): void {
  ROUTE_REGISTRY.set(`${method.toUpperCase()} ${path}`, { method, path, access })
  const guard: RequestHandler[] =
    'action' in access ? [authorize(access.action, access.denied)] : []
  router[method](path, ...guard, ...handlers)
}
