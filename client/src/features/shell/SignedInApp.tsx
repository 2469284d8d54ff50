import { Suspense, useEffect, type ReactNode } from 'react'
import { can } from '../../../../shared/roles.js'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import type { UserView } from '../../../../shared/schemas/users.js'
import { navigate, useLocation } from '../../lib/router.js'
import { withBrand, writeBrandParam } from '../../lib/url.js'
import { ErrorPanel } from '../../ui/ErrorPanel.js'
import { LockIcon } from '../../ui/icons.js'
import { Link } from '../../ui/Link.js'
import { Panel } from '../../ui/Panel.js'
import { SkeletonRows } from '../../ui/Skeleton.js'
import { BrandSwitcher } from '../brands/BrandSwitcher.js'
import { useBrandParam } from '../brands/useBrandParam.js'
import { useBrands } from '../brands/useBrands.js'
import { BrandSocketProvider } from '../../lib/brandSocket.js'
import { AlertBannerScope } from '../alerts/AlertBanner.js'
import { AppShell } from './AppShell.js'
import {
  AlertsPage,
  ApprovalQueuePage,
  AuditPage,
  BrandSettingsPage,
  BrandsPage,
  ComplainersPage,
  ComplaintConsole,
  DashboardPage,
  InboxPage,
  OperationsPage,
  PromisesPage,
  RejectionsPage,
  ScoringPage,
  SourcesPage,
  ThemeEditorPage,
  UsersPage,
} from './pages.js'
import { ADD_BRAND_PATH, homeRoute, matchRoute, type RouteDef } from './routes.js'

/** The signed-in console: the page the address names, if the role may open it. */
export function SignedInApp({ user }: { user: UserView }) {
  const { pathname, search } = useLocation()
  // The bare address is the role's home; a link to the console carries its brand, so a viewer
  // who opens the live console from the navigation stays there, reloads included.
  const home = homeRoute(user.role)
  const isBare = pathname === '/' && !search.has('brand')
  const route = isBare ? home : matchRoute(pathname)
  const { state, retry, replace } = useBrands()
  const [slug, selectBrand] = useBrandParam()
  const brands = state.status === 'ready' ? state.brands : []
  const brand = brands.find((b) => b.slug === slug) ?? brands[0]
  const perBrand = !!route?.perBrand

  // Before the brand is settled below, so that ?brand= lands on the home page's address.
  useEffect(() => {
    if (isBare && home.path !== '/') navigate(home.path + window.location.search, { replace: true })
  }, [isBare, home])

  // On a brand's page an unknown or missing ?brand= settles on the brand shown, so a reload keeps it.
  useEffect(() => {
    if (perBrand && brand && brand.slug !== slug) writeBrandParam(brand.slug, 'replace')
  }, [perBrand, brand, slug])

  if (!route) {
    return (
      <Unavailable user={user} home={home} slug={slug} title="No such page">
        There is nothing at <code>{pathname}</code>.
      </Unavailable>
    )
  }

  if (!can(user.role, route.action)) {
    return (
      <Unavailable
        user={user}
        home={home}
        slug={slug}
        icon={<LockIcon size={22} />}
        title={`${route.label} is for admins`}
      >
        Signed in as {user.email}, your role may not open this page. Ask an admin if you need it.
      </Unavailable>
    )
  }

  if (!route.perBrand)
    return (
      <Suspense fallback={<PageLoading user={user} />}>
        <Page route={route} user={user} brands={brands} onBrandsChanged={retry} />
      </Suspense>
    )

  if (!brand) {
    return (
      <AppShell user={user}>
        {state.status === 'loading' && (
          <div aria-busy="true" aria-label="Loading">
            <SkeletonRows />
          </div>
        )}
        {state.status === 'error' && (
          <ErrorPanel title="Could not reach Firebreak" error={state.error} onRetry={retry} />
        )}
        {state.status === 'ready' && (
          <Panel
            title="No brands watched yet"
            actions={
              can(user.role, 'brand.manage') && (
                <Link className="btn btn-primary" to={ADD_BRAND_PATH} data-testid="add-first-brand">
                  Add a brand
                </Link>
              )
            }
          >
            <p>
              {can(user.role, 'brand.manage')
                ? 'Add a brand: name it and the terms it is known by, then give it a source. Its complaints will appear here as they arrive.'
                : 'An admin adds the brands Firebreak listens for; their complaints will appear here as they arrive.'}
            </p>
          </Panel>
        )}
      </AppShell>
    )
  }

  // One socket for every page of the brand, so the shell's alert banner hears `alert.raised`
  // on all of them (not only where a page wanted pushes), and moving between pages keeps it.
  return (
    <BrandSocketProvider key={brand.id} brandId={brand.id}>
      <AlertBannerScope brand={brand}>
        <Suspense fallback={<PageLoading user={user} />}>
          <BrandPage
            route={route}
            user={user}
            brand={brand}
            switcher={<BrandSwitcher brands={brands} current={brand} onSelect={selectBrand} />}
            onBrandSaved={replace}
          />
        </Suspense>
      </AlertBannerScope>
    </BrandSocketProvider>
  )
}

/** While a page's code loads (once per page and visit): the shell, and rows to come. */
function PageLoading({ user }: { user: UserView }) {
  return (
    <AppShell user={user}>
      <div aria-busy="true" aria-label="Loading">
        <SkeletonRows />
      </div>
    </AppShell>
  )
}

/** A page the address names but this user cannot see, with the way back to their home. */
function Unavailable({
  user,
  home,
  slug,
  icon,
  title,
  children,
}: {
  user: UserView
  home: RouteDef
  slug: string | null
  icon?: ReactNode
  title: string
  children: ReactNode
}) {
  return (
    <AppShell user={user}>
      <Panel
        icon={icon}
        title={title}
        actions={
          <Link className="btn btn-primary" to={withBrand(home.path, slug)}>
            {home.id === 'console' ? 'Open the console' : `Open the ${home.label.toLowerCase()}`}
          </Link>
        }
      >
        <p>{children}</p>
      </Panel>
    </AppShell>
  )
}

function Page({
  route,
  user,
  brands,
  onBrandsChanged,
}: {
  route: RouteDef
  user: UserView
  brands: readonly BrandView[]
  onBrandsChanged: () => void
}) {
  switch (route.id) {
    case 'brands':
      return (
        <BrandsPage
          user={user}
          adding={new URLSearchParams(window.location.search).has('add')}
          onChanged={onBrandsChanged}
        />
      )
    case 'users':
      return <UsersPage user={user} />
    case 'audit':
      return <AuditPage user={user} brands={brands} />
    case 'rejections':
      return <RejectionsPage user={user} />
    case 'operations':
      return <OperationsPage user={user} />
    default:
      return null
  }
}

function BrandPage({
  route,
  user,
  brand,
  switcher,
  onBrandSaved,
}: {
  route: RouteDef
  user: UserView
  brand: BrandView
  switcher: ReactNode
  onBrandSaved: (brand: BrandView) => void
}) {
  switch (route.id) {
    case 'dashboard':
      return <DashboardPage user={user} brand={brand} switcher={switcher} />
    case 'alerts':
      return <AlertsPage user={user} brand={brand} switcher={switcher} />
    case 'themes':
      return <ThemeEditorPage key={brand.id} user={user} brand={brand} switcher={switcher} />
    case 'inbox':
      return <InboxPage user={user} brand={brand} switcher={switcher} />
    case 'approvals':
      return <ApprovalQueuePage user={user} brand={brand} switcher={switcher} />
    case 'console':
      return <ComplaintConsole key={brand.id} user={user} brand={brand} switcher={switcher} />
    case 'complainers':
      return <ComplainersPage key={brand.id} user={user} brand={brand} switcher={switcher} />
    case 'promises':
      return <PromisesPage user={user} brand={brand} switcher={switcher} />
    case 'scoring':
      return <ScoringPage key={brand.id} user={user} brand={brand} switcher={switcher} />
    case 'sources':
      return <SourcesPage key={brand.id} user={user} brand={brand} switcher={switcher} />
    case 'brand':
      return (
        <BrandSettingsPage
          key={brand.id}
          user={user}
          brand={brand}
          switcher={switcher}
          onSaved={onBrandSaved}
        />
      )
    default:
      return null
  }
}
