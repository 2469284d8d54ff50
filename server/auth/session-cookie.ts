import type { IncomingHttpHeaders } from 'node:http'
import { parse as parseCookies } from 'cookie'
import type { Role } from '../../shared/roles.js'
import type { Config } from '../config.js'
import type { AppContext } from '../context.js'

/** The signed-in person a request or a socket acts for. */
export interface Actor {
  userId: string
  role: Role
}

/** `__Host-` pins the cookie to our origin, which browsers allow only for Secure cookies. */
export const sessionCookieName = (config: Config) =>
  config.secureCookies ? '__Host-firebreak' : 'firebreak'

/** The session a request's (or a socket handshake's) cookie names, if it is still valid. */
export async function sessionFromHeaders(ctx: AppContext, headers: IncomingHttpHeaders) {
  const id = parseCookies(headers.cookie ?? '')[sessionCookieName(ctx.config)]
  if (!id) return null
  const data = await ctx.sessions.get(id)
  return data ? { id, data } : null
}
