import { useLocation } from '../../lib/router.js'
import { withBrand } from '../../lib/url.js'
import { cx } from '../../ui/css.js'
import { Link } from '../../ui/Link.js'
import type { RouteDef } from './routes.js'
import './shell.css'

/** The pages of the console a role may open; the brand in view travels along. */
export function AppNav({ routes }: { routes: readonly RouteDef[] }) {
  const location = useLocation()
  const brand = location.search.get('brand')
  return (
    <nav className="navbar" aria-label="Pages">
      <ul className="nav-list">
        {routes.map((r) => {
          const current = location.pathname === r.path
          return (
            <li key={r.id}>
              <Link
                to={withBrand(r.path, brand)}
                className={cx('nav-link', current && 'is-current')}
                aria-current={current ? 'page' : undefined}
                data-testid={r.testId}
              >
                {r.label}
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
