import type { ButtonHTMLAttributes } from 'react'
import { cx } from './css.js'
import './Button.css'

type Variant = 'primary' | 'secondary' | 'ghost' | 'link' | 'danger'

export function Button({
  variant = 'secondary',
  size = 'md',
  className,
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: 'sm' | 'md' }) {
  return (
    <button
      type={type}
      className={cx('btn', `btn-${variant}`, size === 'sm' && 'btn-sm', className)}
      {...props}
    />
  )
}
