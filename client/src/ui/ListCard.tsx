import type { ReactNode } from 'react'
import type { OlderRows, ResourceState } from '../lib/useResource.js'
import { cx } from './css.js'
import { DataTable, type Column } from './DataTable.js'
import { LoadOlder } from './LoadOlder.js'
import { LoadState } from './LoadState.js'

/** Rows read from the API; `usePagedList` gives them with `more`, older rows on demand. */
export interface Rows<T> {
  state: ResourceState<readonly T[]>
  reload: () => void
  more?: OlderRows
}

/**
 * A list of an admin page: a skeleton on first load, the error panel with Retry, `empty` when
 * there are no rows, else one card of rows and, for a paged list, the "load older" foot. Rows
 * are table rows under `columns`, or, without columns, items (`<li>`s) for records too rich for
 * table cells (a rejected payload). Reloads keep the rows on screen, dimmed.
 */
export function ListCard<T>({
  list,
  what,
  noun = 'row',
  empty,
  columns,
  stack,
  caption,
  className,
  testId,
  children,
}: {
  list: Rows<T>
  /** What the list holds, for the loading and error texts: "the audit log". */
  what: string
  /** What a row is, for the count in the "load older" foot: "event". */
  noun?: string
  /** Shown instead of the card when there are no rows. */
  empty?: ReactNode
  columns?: readonly Column[]
  /** Rows as cards on a phone (see DataTable); their cells name themselves by `data-label`. */
  stack?: boolean
  caption?: ReactNode
  /** On the <table> (or the list of items): the page's cell styles hang off it. */
  className?: string
  testId?: string
  children: (row: T) => ReactNode
}) {
  const rows = list.state.data ?? []
  const foot = list.more && <LoadOlder more={list.more} shown={rows.length} noun={noun} />
  return (
    <LoadState state={list.state} onRetry={list.reload} what={what}>
      {rows.length === 0 && empty ? (
        empty
      ) : columns ? (
        <DataTable
          columns={columns}
          caption={caption}
          foot={foot}
          stack={stack}
          className={className}
          testId={testId}
        >
          {rows.map(children)}
        </DataTable>
      ) : (
        <div className="table-card">
          {caption && <div className="table-caption">{caption}</div>}
          <ol className={cx('table-items', className)} data-testid={testId}>
            {rows.map(children)}
          </ol>
          {foot}
        </div>
      )}
    </LoadState>
  )
}
