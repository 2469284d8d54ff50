import { can, type Action, type Role } from '../../../../shared/roles.js'

export type RouteId =
  | 'inbox'
  | 'approvals'
  | 'console'
  | 'complainers'
  | 'promises'
  | 'scoring'
  | 'users'
  | 'audit'
  | 'sources'
  | 'brand'
  | 'brands'
  | 'rejections'
  | 'operations'
  | 'dashboard'
  | 'alerts'
  | 'themes'

export interface RouteDef {
  id: RouteId
  path: string
  label: string
  /** The action of the role matrix the page needs (the server enforces it anyway). */
  action: Action
  /** Whether the page is about one brand: it gets the brand switcher and keeps `?brand=`. */
  perBrand: boolean
  testId: string
}

/** Every signed-in page, in navigation order. `/setup` is outside: it needs no session. */
export const ROUTES: readonly RouteDef[] = [
  {
    id: 'dashboard',
    path: '/dashboard',
    label: 'Dashboard',
    action: 'trend.read',
    perBrand: true,
    testId: 'nav-dashboard',
  },
  {
    id: 'inbox',
    path: '/inbox',
    label: 'Inbox',
    action: 'complaint.read',
    perBrand: true,
    testId: 'nav-inbox',
  },
  {
    id: 'approvals',
    path: '/approvals',
    label: 'Approvals',
    action: 'reply.approve',
    perBrand: true,
    testId: 'nav-approvals',
  },
  {
    id: 'console',
    path: '/',
    label: 'Live console',
    action: 'complaint.read',
    perBrand: true,
    testId: 'nav-console',
  },
  {
    id: 'complainers',
    path: '/complainers',
    label: 'Complainers',
    action: 'complaint.read',
    perBrand: true,
    testId: 'nav-complainers',
  },
  {
    id: 'promises',
    path: '/promises',
    label: 'Promises',
    action: 'promise.read',
    perBrand: true,
    testId: 'nav-promises',
  },
  {
    id: 'alerts',
    path: '/alerts',
    label: 'Alerts',
    action: 'trend.read',
    perBrand: true,
    testId: 'nav-alerts',
  },
  {
    id: 'themes',
    path: '/themes',
    label: 'Themes',
    action: 'theme.manage',
    perBrand: true,
    testId: 'nav-themes',
  },
  {
    id: 'scoring',
    path: '/scoring',
    label: 'How we rank',
    action: 'scoring.read',
    perBrand: true,
    testId: 'nav-scoring',
  },
  {
    id: 'users',
    path: '/admin/users',
    label: 'Users',
    action: 'user.read',
    perBrand: false,
    testId: 'nav-users',
  },
  {
    id: 'audit',
    path: '/admin/audit',
    label: 'Audit log',
    action: 'audit.read',
    perBrand: false,
    testId: 'nav-audit',
  },
  {
    id: 'sources',
    path: '/admin/sources',
    label: 'Sources',
    action: 'source.read',
    perBrand: true,
    testId: 'nav-sources',
  },
  {
    id: 'brand',
    path: '/admin/brand',
    label: 'Brand settings',
    // Advisers set the response targets, canned responses and the reply approval rule there;
    // the rest is read-only to them.
    action: 'sla.manage',
    perBrand: true,
    testId: 'nav-brand',
  },
  {
    id: 'brands',
    path: '/admin/brands',
    label: 'Brands',
    action: 'brand.manage',
    perBrand: false,
    testId: 'nav-brands',
  },
  {
    id: 'rejections',
    path: '/admin/rejections',
    label: 'Rejected payloads',
    action: 'rejection.read',
    perBrand: false,
    testId: 'nav-rejections',
  },
  {
    id: 'operations',
    path: '/admin/operations',
    label: 'Operations',
    action: 'operations.read',
    perBrand: false,
    testId: 'nav-operations',
  },
]

export const SETUP_PATH = '/setup'

/** Where an admin adds a brand; `?add=1` opens the form at once. */
export const ADD_BRAND_PATH = '/admin/brands?add=1'

export function matchRoute(pathname: string): RouteDef | null {
  return ROUTES.find((r) => r.path === pathname) ?? null
}

/**
 * Where a role starts: the page the bare address (no page, no brand: after signing in, or the
 * site's address typed) opens. Leadership reads the dashboard; whoever triages, the live console.
 */
export function homeRoute(role: Role): RouteDef {
  const id: RouteId = role === 'viewer' ? 'dashboard' : 'console'
  return ROUTES.find((r) => r.id === id)!
}

/** The pages a role may open. */
export function routesFor(role: Role): RouteDef[] {
  return ROUTES.filter((r) => can(role, r.action))
}
