import type { ReactNode } from 'react'
import { LogoMark } from './icons.js'

/** The top bar: product, brand, and (on the right) live status. */
export function AppHeader({ brand, status }: { brand?: ReactNode; status?: ReactNode }) {
  return (
    <header className="topbar">
      <a className="skip-link" href="#main">
        Skip to complaints
      </a>
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
      {status && <div className="topbar-right">{status}</div>}
    </header>
  )
}
