import type { CSSProperties } from 'react'

/** Class names, skipping falsy ones. */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ')
}

/** CSS custom properties as a style prop (set through CSSOM, which the CSP allows). */
export function cssVars(vars: Record<`--${string}`, string | number>): CSSProperties {
  return vars as CSSProperties
}
