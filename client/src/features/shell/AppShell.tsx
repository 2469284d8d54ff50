import { can } from '../../../../shared/roles.js'
import { NotificationCentre } from '../notifications/NotificationCentre.js'
import type { ReactNode } from 'react'
import type { BrandView } from '../../../../shared/schemas/brands.js'
import type { UserView } from '../../../../shared/schemas/users.js'
import { AppHeader } from '../../ui/AppHeader.js'
import { cx } from '../../ui/css.js'
import { ShellAlertBanner } from '../alerts/AlertBanner.js'
import { AppNav } from './AppNav.js'
import { routesFor } from './routes.js'
import { UserMenu } from './UserMenu.js'
import './shell.css'

/**
 * The frame of every signed-in page: header (brand, status, user menu), the navigation when
 * the role has more than the console, and the page in <main>.
 */
export function AppShell({
  user,
  brand,
  status,
  children,
}: {
  user: UserView
  brand?: ReactNode
  status?: ReactNode
  children: ReactNode
}) {
  const routes = routesFor(user.role)
  const nav = routes.length > 1
  return (
    <div className={cx('app', nav && 'has-nav')}>
      <AppHeader
        brand={brand}
        status={status}
        user={
          <>
            {can(user.role, 'notification.read') && <NotificationCentre />}
            <UserMenu user={user} />
          </>
        }
        nav={nav ? <AppNav routes={routes} /> : null}
      />
      <main className="main" id="main">
        <ShellAlertBanner />
        {children}
      </main>
    </div>
  )
}

/** What a page about one brand is given: who is signed in, the brand, and its switcher. */
export interface BrandPageProps {
  user: UserView
  brand: BrandView
  /** The brand switcher, for the header (`AppShell`'s `brand`). */
  switcher: ReactNode
}
