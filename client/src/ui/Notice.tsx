import type { ReactNode } from 'react'
import { cx } from './css.js'
import { AlertIcon, CheckIcon } from './icons.js'
import './Notice.css'

/** A one-line (or short) message in a page: warnings, errors, success. */
export function Notice({
  tone,
  children,
  actions,
  className,
}: {
  tone: 'warn' | 'danger' | 'success' | 'info'
  children: ReactNode
  actions?: ReactNode
  className?: string
}) {
  return (
    <div
      className={cx('notice', `notice-${tone}`, className)}
      role={tone === 'danger' ? 'alert' : 'status'}
    >
      {tone === 'success' ? <CheckIcon /> : tone === 'info' ? null : <AlertIcon />}
      <span>{children}</span>
      {actions}
    </div>
  )
}
