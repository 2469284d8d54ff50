import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BROADCAST_EVENT_NAMES,
  BROADCAST_EVENT_ROOMS,
  CLIENT_EVENTS,
  ROOM_ACCESS,
  SERVER_EVENT_NAMES,
  TEAM_EVENT_NAMES,
  TEAM_EVENT_ROOMS,
  SERVER_EVENT_ROOMS,
} from '../../shared/events.js'
import { ACTIONS, can, PERMISSIONS, ROLES, type Role } from '../../shared/roles.js'
import { ROUTE_REGISTRY, type RouteSpec } from '../../server/http/access.js'
import { createApp } from '../../server/http/app.js'
import { makeUser, signIn, type SignedIn } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makeWebhookSource } from '../support/factories.js'

let t: TestContext
let app: Express
let params: Record<string, string>
const sessions = {} as Record<Role, SignedIn>

beforeAll(async () => {
  t = await createTestContext()
  app = createApp(t.ctx)
  const brand = await makeBrand(t.ctx)
  const { source } = await makeWebhookSource(t.ctx, brand.id)
  const target = await makeUser(t.ctx, 'viewer')
  params = { brandId: brand.id, sourceId: source.id, userId: target.id }
  for (const role of ROLES) sessions[role] = await signIn(app, await makeUser(t.ctx, role))
})
afterAll(() => t?.close())

/** Every route the express app answers, as `METHOD /path`, found by walking its router. */
function mountedRoutes(app: Express): string[] {
  const found: string[] = []
  type Layer = {
    route?: { path: string; methods: Record<string, boolean> }
    handle?: { stack?: Layer[] }
  }
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods))
          found.push(`${method.toUpperCase()} ${layer.route.path}`)
      } else if (layer.handle?.stack) walk(layer.handle.stack)
    }
  }
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack)
  return found
}

const pathFor = (spec: RouteSpec) =>
  spec.path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'x')
const send = (client: SignedIn | null, spec: RouteSpec) => {
  const path = pathFor(spec)
  if (!client) {
    const anonymous = request(app)[spec.method](path)
    return spec.method === 'get' ? anonymous : anonymous.send({})
  }
  return spec.method === 'get' ? client.get(path) : client[spec.method](path, {})
}

describe('the role x action matrix', () => {
  it('names every mounted route, and every named route is mounted (meta-test)', () => {
    const mounted = mountedRoutes(app).sort()
    expect(mounted.length).toBeGreaterThan(10)
    expect(mounted).toEqual(
      [...ROUTE_REGISTRY.keys()].filter((k) => !k.endsWith('/{*page}')).sort(),
    )
    for (const spec of ROUTE_REGISTRY.values()) {
      if ('action' in spec.access) expect(ACTIONS).toContain(spec.access.action)
      else expect(spec.access.public.length).toBeGreaterThan(5)
    }
  })

  it('names every socket event and room (meta-test)', () => {
    for (const name of SERVER_EVENT_NAMES)
      expect(ACTIONS).toContain(ROOM_ACCESS[SERVER_EVENT_ROOMS[name]])
    for (const name of BROADCAST_EVENT_NAMES)
      expect(ACTIONS).toContain(ROOM_ACCESS[BROADCAST_EVENT_ROOMS[name]])
    for (const name of TEAM_EVENT_NAMES)
      expect(ACTIONS).toContain(ROOM_ACCESS[TEAM_EVENT_ROOMS[name]])
    for (const spec of Object.values(CLIENT_EVENTS) as Array<{ action: string }>)
      expect(ACTIONS).toContain(spec.action)
    // What only the team may see travels only in rooms viewers never join.
    expect(can('viewer', ROOM_ACCESS[TEAM_EVENT_ROOMS['note.added']])).toBe(false)
    expect(can('viewer', ROOM_ACCESS[TEAM_EVENT_ROOMS['presence.changed']])).toBe(false)
  })

  it('lets only admins set reply credentials, and everyone but viewers reply (issue 15)', () => {
    expect(PERMISSIONS['reply_account.manage']).toEqual(['admin'])
    expect(ROLES.filter((r) => can(r, 'reply.send'))).toEqual(['admin', 'adviser', 'agent'])
    expect(ROLES.filter((r) => can(r, 'reply_account.read'))).toEqual(['admin', 'adviser', 'agent'])
    const access = (key: string) => ROUTE_REGISTRY.get(key)?.access
    expect(access('PUT /api/brands/:brandId/reply-accounts/:network')).toEqual({
      action: 'reply_account.manage',
    })
    for (const key of [
      'POST /api/complaints/:complaintId/replies',
      'POST /api/complaints/:complaintId/replies/elsewhere',
      'POST /api/replies/:replyId/retry',
    ])
      expect(access(key)).toMatchObject({ action: 'reply.send' })
    expect(access('GET /api/complaints/:complaintId/replies')).toEqual({ action: 'draft.read' })
    for (const name of ['reply.queued', 'reply.sent', 'reply.failed'] as const)
      expect(SERVER_EVENT_ROOMS[name]).toBe('brand')
  })

  const guarded = () =>
    [...ROUTE_REGISTRY.values()].filter(
      (s) => 'action' in s.access && s.path !== '/api/auth/sign-out',
    )

  it('answers 401 to every guarded route without a session', async () => {
    for (const spec of guarded()) {
      const res = await send(null, spec)
      expect([spec.method, spec.path, res.status]).toEqual([spec.method, spec.path, 401])
    }
  })

  it.each(ROLES)('lets %s do exactly what the matrix allows', async (role) => {
    for (const spec of guarded()) {
      const action = (spec.access as { action: (typeof ACTIONS)[number] }).action
      const res = await send(sessions[role], spec)
      const verdict =
        res.status === 403 ? 'denied' : res.status === 401 ? 'unauthenticated' : 'allowed'
      expect({ route: `${spec.method} ${spec.path}`, verdict }).toEqual({
        route: `${spec.method} ${spec.path}`,
        verdict: can(role, action) ? 'allowed' : 'denied',
      })
      if (verdict === 'denied')
        expect(res.body).toEqual({ error: expect.objectContaining({ code: 'forbidden' }) })
    }
  })

  it('gives a viewer no credentials, users, audit or rejected payloads from any route', async () => {
    for (const spec of guarded().filter((s) => s.method === 'get')) {
      const res = await send(sessions.viewer, spec)
      if (res.status === 200) {
        expect(JSON.stringify(res.body)).not.toMatch(
          /whsec_|passwordHash|password_hash|secrets_ciphertext/,
        )
      }
    }
    for (const path of [
      '/api/users',
      '/api/audit',
      '/api/rejections',
      `/api/brands/${params.brandId}/sources`,
    ]) {
      expect((await sessions.viewer.get(path)).status).toBe(403)
    }
  })

  it('keeps public routes open without a session', async () => {
    const open = [...ROUTE_REGISTRY.values()].filter((s) => 'public' in s.access)
    // `/metrics` is not among them: it is served on the operators' listener, not this app.
    expect(open.map((s) => `${s.method} ${s.path}`).sort()).toEqual([
      'get /api/auth/demo-accounts',
      'get /healthz',
      'get /public/brands/:slug/how-we-rank',
      'get /public/how-we-rank.css',
      'post /api/auth/setup',
      'post /api/auth/sign-in',
      'post /api/ingest/webhook/:sourceId',
    ])
    for (const spec of open) expect((await send(null, spec)).status).not.toBe(403)
  })
})
