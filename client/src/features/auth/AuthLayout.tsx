import type { ReactNode } from 'react'
import { LogoMark } from '../../ui/icons.js'
import './auth.css'

/** The calm, centred card of the pages outside the console: sign-in and setup. */
export function AuthLayout({
  title,
  lead,
  children,
  after,
}: {
  title: string
  lead?: ReactNode
  children: ReactNode
  /** Below the card (the demo accounts hint). */
  after?: ReactNode
}) {
  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <div className="auth-brand">
          <LogoMark size={30} />
          <span className="auth-product">Firebreak</span>
        </div>
        <h1 className="auth-title">{title}</h1>
        {lead && <p className="auth-lead">{lead}</p>}
        {children}
      </div>
      {after}
    </main>
  )
}
