import type { ReactNode } from 'react'
import type { ResourceState } from '../lib/useResource.js'
import { Button } from './Button.js'
import { ErrorPanel } from './ErrorPanel.js'
import { Notice } from './Notice.js'
import { SkeletonRows } from './Skeleton.js'
import './LoadState.css'

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
      return <ErrorPanel title={`Could not load ${what}`} error={state.error} onRetry={onRetry} />
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
