import type { ReactNode } from 'react'
import { LogoMark } from './icons.js'
import './AppHeader.css'

/**
 * The top of every signed-in page: product and brand on the left, live status and the user
 * menu on the right, and (for roles with more than the console) the navigation below.
 */
export function AppHeader({
  brand,
  status,
  user,
  nav,
}: {
  brand?: ReactNode
  status?: ReactNode
  user?: ReactNode
  nav?: ReactNode
}) {
  return (
    <header className="chrome">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="topbar">
        <div className="topbar-left">
          <span className="product">
            <LogoMark />
            <span className="product-name">Firebreak</span>
          </span>
          {brand && (
            <>
              <span className="topbar-sep" aria-hidden="true">
                /
              </span>
              {brand}
            </>
          )}
        </div>
        {(status || user) && (
          <div className="topbar-right">
            {status}
            {user}
          </div>
        )}
      </div>
      {nav}
    </header>
  )
}
