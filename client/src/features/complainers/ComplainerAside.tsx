import { useEffect, useRef, type ReactNode } from 'react'
import { clip } from '../../lib/format.js'
import { Button } from '../../ui/Button.js'
import { CloseIcon } from '../../ui/icons.js'

/** Wide enough for the detail to sit beside the table (as complainers.css lays it out). */
const SIDE_BY_SIDE = '(min-width: 1100px)'

/**
 * The frame of a complainer's detail, where the click that opened it can be seen: beside the
 * table on a wide screen (sticky, so a row far down the list shows it), under it on a narrow
 * one, scrolled to. Focus moves to its heading on opening; Escape or Close hand it back to the
 * row (`onClose`).
 */
export function ComplainerAside({
  openKey,
  name,
  onClose,
  children,
}: {
  /** Whose detail: a new one moves focus and the view again. */
  openKey: string
  name: string
  onClose: () => void
  children: ReactNode
}) {
  const aside = useRef<HTMLElement>(null)
  const heading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    heading.current?.focus({ preventScroll: true })
    const side = window.matchMedia(SIDE_BY_SIDE).matches
    aside.current?.scrollIntoView({ block: side ? 'nearest' : 'start' })
  }, [openKey])

  return (
    <section
      className="card complainer-aside"
      ref={aside}
      id="complainer-detail"
      aria-labelledby="complainer-title"
      data-testid="complainer-detail"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return
        e.stopPropagation()
        onClose()
      }}
    >
      <div className="complainer-aside-head">
        <h2 className="card-title" id="complainer-title" tabIndex={-1} ref={heading}>
          <bdi>{clip(name, 120)}</bdi>
        </h2>
        <Button
          size="sm"
          variant="ghost"
          onClick={onClose}
          aria-label="Close the complainer's detail"
          data-testid="complainer-close"
        >
          <CloseIcon />
          Close
        </Button>
      </div>
      {children}
    </section>
  )
}
