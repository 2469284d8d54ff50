import type { ReactNode } from 'react'
import { cx } from './css.js'
import './Panel.css'

/** A centred message block: empty, loading and error states. */
export function Panel({
  tone = 'neutral',
  icon,
  title,
  children,
  actions,
  live,
}: {
  tone?: 'neutral' | 'danger'
  icon?: ReactNode
  title: ReactNode
  children?: ReactNode
  actions?: ReactNode
  /** Announce the panel (errors). */
  live?: boolean
}) {
  return (
    <div className={cx('panel', `panel-${tone}`)} role={live ? 'alert' : undefined}>
      {icon && <div className="panel-icon">{icon}</div>}
      <h2 className="panel-title">{title}</h2>
      {children && <div className="panel-body">{children}</div>}
      {actions && <div className="panel-actions">{actions}</div>}
    </div>
  )
}
