import type { ReactNode } from 'react'
import { cx } from './css.js'
import './table.css'

/**
 * A column heading; a `hidden` one is named for assistive tech only (a column of buttons), and
 * `className` styles it (`num` aligns a column of numbers to the right).
 */
export type Column = string | { label: string; hidden?: boolean; className?: string }

/**
 * A table in a card, as the admin pages show their rows: an optional caption line (counts,
 * when it was read), the column headings, the rows (`<tr>`s), and an optional foot (load
 * older). Wide tables scroll sideways inside the card, never the page; a `stack`ed one shows
 * each row as a card of its own on a phone instead, each cell under the name its
 * `data-label` gives (a cell without one leads the card).
 */
export function DataTable({
  columns,
  caption,
  foot,
  stack,
  className,
  testId,
  children,
}: {
  columns: readonly Column[]
  caption?: ReactNode
  foot?: ReactNode
  stack?: boolean
  /** On the <table>: the page's cell styles hang off it. */
  className?: string
  testId?: string
  children: ReactNode
}) {
  return (
    <div className="table-card">
      {caption && <div className="table-caption">{caption}</div>}
      <div className="table-scroll">
        <table className={cx('table', stack && 'table-stack', className)} data-testid={testId}>
          <TableHead columns={columns} />
          <tbody>{children}</tbody>
        </table>
      </div>
      {foot}
    </div>
  )
}

/** The heading row of a table, for the tables that are not in a card of their own too. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, hidden, className } =
            typeof column === 'string' ? { label: column } : column
          return (
            <th key={label} scope="col" className={className}>
              {hidden ? <span className="visually-hidden">{label}</span> : label}
            </th>
          )
        })}
      </tr>
    </thead>
  )
}
