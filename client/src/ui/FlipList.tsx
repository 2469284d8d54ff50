import { Component, createRef, type HTMLAttributes, type ReactNode } from 'react'

const MOVE_MS = 360
const EASE = 'cubic-bezier(0.2, 0.8, 0.2, 1)'

type Props = HTMLAttributes<HTMLOListElement> & {
  /** Changes when the order of the children changes; only then do rows animate. */
  version: number
  children: ReactNode
}

type Positions = Map<string, number> | null

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches

/**
 * An <ol> whose items glide to their new place when the order changes (FLIP): positions are
 * read just before React moves the nodes and again after, and each visible item is animated
 * from the old place to the new with the Web Animations API (no style attributes, so the
 * CSP needs no 'unsafe-inline'). Items need `data-flip-key`. Layout is read only when
 * `version` changes, never on ordinary updates.
 */
export class FlipList extends Component<Props> {
  private list = createRef<HTMLOListElement>()

  override getSnapshotBeforeUpdate(prev: Props): Positions {
    const list = this.list.current
    if (!list || prev.version === this.props.version || reducedMotion()) return null
    const positions = new Map<string, number>()
    for (const el of list.children) {
      const key = (el as HTMLElement).dataset.flipKey
      if (key) positions.set(key, el.getBoundingClientRect().top)
    }
    return positions
  }

  override componentDidUpdate(_prev: Props, _state: unknown, before: Positions): void {
    const list = this.list.current
    if (!list || !before) return
    const height = window.innerHeight
    for (const child of list.children) {
      const el = child as HTMLElement
      const key = el.dataset.flipKey
      if (!key) continue
      const rect = el.getBoundingClientRect()
      if (rect.bottom < 0 || rect.top > height) continue
      const was = before.get(key)
      if (was === undefined || Math.abs(was - rect.top) > height * 1.5) {
        el.animate([{ opacity: 0 }, { opacity: 1 }], { duration: MOVE_MS, easing: 'ease-out' })
      } else if (was !== rect.top) {
        el.animate([{ transform: `translateY(${was - rect.top}px)` }, { transform: 'none' }], {
          duration: MOVE_MS,
          easing: EASE,
        })
      }
    }
  }

  override render() {
    const { version: _version, children, ...rest } = this.props
    return (
      <ol ref={this.list} {...rest}>
        {children}
      </ol>
    )
  }
}
