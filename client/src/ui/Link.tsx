import type { AnchorHTMLAttributes } from 'react'
import { isModifiedClick, navigate } from '../lib/router.js'

/**
 * An in-app link: a real <a href> (so it opens in a new tab, copies, and works without the
 * router), with plain clicks handled by `navigate`.
 */
export function Link({
  to,
  onClick,
  ...props
}: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string }) {
  return (
    <a
      href={to}
      onClick={(e) => {
        onClick?.(e)
        if (e.defaultPrevented || isModifiedClick(e)) return
        e.preventDefault()
        navigate(to)
      }}
      {...props}
    />
  )
}
