import type { ReactNode } from 'react'
import { ErrorDetails } from '../complaints/ErrorDetails.js'
import type { ResourceState } from '../../lib/useResource.js'
import { Button } from '../../ui/Button.js'
import { AlertIcon } from '../../ui/icons.js'
import { Notice } from '../../ui/Notice.js'
import { Panel } from '../../ui/Panel.js'
import { SkeletonRows } from '../../ui/Skeleton.js'
import './shell.css'

/**
 * A page's data: a skeleton on first load, an error panel with retry, then the children.
 * Reloads keep the old data on screen, dimmed and marked busy; a failed reload says so above it.
 */
export function LoadState<T>({
  state,
  onRetry,
  what,
  children,
}: {
  state: ResourceState<T>
  onRetry: () => void
  what: string
  children: ReactNode
}) {
  if (state.data === null) {
    if (state.status === 'error') {
      return (
        <Panel
          tone="danger"
          live
          icon={<AlertIcon size={22} />}
          title={`Could not load ${what}`}
          actions={
            <Button variant="primary" onClick={onRetry}>
              Retry
            </Button>
          }
        >
          <ErrorDetails error={state.error} />
        </Panel>
      )
    }
    return (
      <div aria-busy="true" aria-label={`Loading ${what}`}>
        <SkeletonRows count={4} />
      </div>
    )
  }
  return (
    <>
      {state.status === 'error' && (
        <Notice
          tone="danger"
          actions={
            <Button size="sm" variant="ghost" onClick={onRetry}>
              Retry
            </Button>
          }
        >
          Could not refresh {what}: {state.error.message.replace(/[.\s]+$/, '')}. Showing what was
          loaded before.
        </Notice>
      )}
      <div
        className={state.status === 'loading' ? 'is-reloading' : undefined}
        aria-busy={state.status === 'loading'}
      >
        {children}
      </div>
    </>
  )
}
