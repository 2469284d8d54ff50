import { useEffect, useRef } from 'react'
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
  const nav = useRef<HTMLElement>(null)

  // On a narrow screen the bar scrolls sideways: the page one is on stays in sight (the admin
  // pages come last and would otherwise open with their entry out of view).
  useEffect(() => {
    const bar = nav.current
    const current = bar?.querySelector('.is-current')
    if (!bar || !current) return
    const outer = bar.getBoundingClientRect()
    const inner = current.getBoundingClientRect()
    if (inner.right > outer.right) bar.scrollLeft += inner.right - outer.right + 12
    else if (inner.left < outer.left) bar.scrollLeft -= outer.left - inner.left + 12
  }, [location.pathname])

  return (
    <nav className="navbar" aria-label="Pages" ref={nav}>
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
