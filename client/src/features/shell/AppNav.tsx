import { useEffect, useRef, useState } from 'react'
import { useLocation } from '../../lib/router.js'
import { withBrand } from '../../lib/url.js'
import { cx } from '../../ui/css.js'
import { ChevronIcon } from '../../ui/icons.js'
import { Link } from '../../ui/Link.js'
import { observeSize } from '../../ui/observeSize.js'
import { ApprovalBadge } from '../approvals/ApprovalBadge.js'
import type { RouteDef } from './routes.js'
import './shell.css'

/** Whether pages are hidden past either end of the bar. */
interface Hidden {
  start: boolean
  end: boolean
}

/**
 * The pages of the console a role may open; the brand in view travels along. On a narrow
 * screen the bar scrolls sideways, and says so: the end that hides pages fades and shows an
 * arrow that scrolls to them.
 */
export function AppNav({ routes }: { routes: readonly RouteDef[] }) {
  const location = useLocation()
  const brand = location.search.get('brand')
  const bar = useRef<HTMLDivElement>(null)
  const [hidden, setHidden] = useState<Hidden>({ start: false, end: false })

  useEffect(() => {
    const el = bar.current
    if (!el) return
    // A pixel of slack: zoomed layouts give fractional widths.
    const measure = () =>
      setHidden((h) => {
        const next = {
          start: el.scrollLeft > 1,
          end: el.scrollLeft + el.clientWidth < el.scrollWidth - 1,
        }
        return next.start === h.start && next.end === h.end ? h : next
      })
    measure()
    el.addEventListener('scroll', measure, { passive: true })
    const unobserve = observeSize(el, measure)
    return () => {
      el.removeEventListener('scroll', measure)
      unobserve()
    }
  }, [])

  // The page one is on stays in sight (the admin pages come last and would otherwise open
  // with their entry out of view), clear of the arrows.
  useEffect(() => {
    const el = bar.current
    const current = el?.querySelector('.is-current')
    if (!el || !current) return
    const outer = el.getBoundingClientRect()
    const inner = current.getBoundingClientRect()
    if (inner.right > outer.right - ARROW_PX) el.scrollLeft += inner.right - outer.right + ARROW_PX
    else if (inner.left < outer.left + ARROW_PX) el.scrollLeft -= outer.left - inner.left + ARROW_PX
  }, [location.pathname])

  // Most of a bar's width at a time, so one press shows the next pages and keeps one in view.
  const scroll = (direction: 1 | -1) =>
    bar.current?.scrollBy({ left: direction * bar.current.clientWidth * 0.7, behavior: 'smooth' })

  return (
    <nav
      className={cx('navbar', hidden.start && 'hides-start', hidden.end && 'hides-end')}
      aria-label="Pages"
    >
      {/* Pointer and touch only: a keyboard reaches every page by Tab, which scrolls the bar. */}
      <button
        type="button"
        className="nav-more nav-more-start"
        hidden={!hidden.start}
        tabIndex={-1}
        aria-hidden="true"
        onClick={() => scroll(-1)}
        data-testid="nav-more-start"
      >
        <ChevronIcon />
      </button>
      <div className="nav-scroll" ref={bar}>
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
                  {r.id === 'approvals' && <ApprovalBadge brandSlug={brand} />}
                </Link>
              </li>
            )
          })}
        </ul>
      </div>
      <button
        type="button"
        className="nav-more nav-more-end"
        hidden={!hidden.end}
        tabIndex={-1}
        aria-hidden="true"
        onClick={() => scroll(1)}
        data-testid="nav-more-end"
      >
        <ChevronIcon />
      </button>
    </nav>
  )
}

/** The width an arrow covers at either end of the bar (see .nav-more in shell.css). */
const ARROW_PX = 36
