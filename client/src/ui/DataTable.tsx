import type { ReactNode } from 'react'
import { cx } from './css.js'
import './table.css'

/** A column heading; a `hidden` one is named for assistive tech only (a column of buttons). */
export type Column = string | { label: string; hidden?: boolean; className?: string }

/**
 * A table in a card, as the admin pages show their rows: an optional caption line (counts,
 * when it was read), the column headings, the rows (`<tr>`s), and an optional foot (load
 * older). Wide tables scroll sideways inside the card, never the page.
 */
export function DataTable({
  columns,
  caption,
  foot,
  className,
  testId,
  children,
}: {
  columns: readonly Column[]
  caption?: ReactNode
  foot?: ReactNode
  /** On the <table>: the page's cell styles hang off it. */
  className?: string
  testId?: string
  children: ReactNode
}) {
  return (
    <div className="table-card">
      {caption && <div className="table-caption">{caption}</div>}
      <div className="table-scroll">
        <table className={cx('table', className)} data-testid={testId}>
          <thead>
            <tr>
              {columns.map((column) => {
                const {
                  label,
                  hidden,
                  className: thClass,
                } = typeof column === 'string' ? { label: column } : column
                return (
                  <th key={label} scope="col" className={thClass}>
                    {hidden ? <span className="visually-hidden">{label}</span> : label}
                  </th>
                )
              })}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
      {foot}
    </div>
  )
}
