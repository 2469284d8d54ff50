import type { ReactNode } from 'react'
import { cx } from './css.js'

/** What went wrong with a form as a whole (not one field), announced at its top; nothing if none. */
export function FormError({ children, className }: { children: ReactNode; className?: string }) {
  if (!children) return null
  return (
    <div className={cx('form-error', className)} role="alert">
      {children}
    </div>
  )
}
