import type { ReactNode } from 'react'
import { setSearchParams } from '../lib/router.js'
import { cx } from './css.js'
import './filters.css'

/**
 * Filters a list by the address bar's parameters (null removes one), so a filtered view can
 * be linked to and survives a reload. A filter change is a step in the history: Back undoes it.
 */
export const filterBy = (params: Record<string, string | null>) => setSearchParams(params, 'push')

/** The filter bar above a list: a search landmark named for what it filters. */
export function FilterBar({
  label,
  className,
  children,
}: {
  label: string
  className?: string
  children: ReactNode
}) {
  return (
    <div className={cx('filters', className)} role="search" aria-label={label}>
      {children}
    </div>
  )
}

/** One filter of the bar: a labelled select whose first option, the empty value, is "all". */
export function FilterSelect<V extends string>({
  label,
  value,
  all,
  options,
  optionLabel = (option) => option,
  onChange,
  testId,
}: {
  label: string
  value: string | undefined
  /** The option that filters nothing: "All actions". */
  all: string
  options: readonly V[]
  optionLabel?: (option: V) => string
  onChange: (value: string) => void
  testId?: string
}) {
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select
        className="input select"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      >
        <option value="">{all}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </label>
  )
}
