import { useEffect, useMemo, useRef, useState } from 'react'
import { displayText, integer, MAX_DISPLAY_CHARS } from '../../lib/format.js'
import { cx } from '../../ui/css.js'
import { observeSize } from '../../ui/observeSize.js'
import '../../ui/Button.css'
import './PostText.css'

const LANG_TAG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i

/**
 * A post's text, rendered as text only (React escapes it; nothing here parses markup).
 * Hostile text stays contained: `dir="auto"` + bidi isolation keep RTL overrides inside the
 * paragraph, `overflow-wrap: anywhere` breaks 1 MB words, long zalgo runs are cut, and the
 * paragraph is clamped to four lines with a toggle.
 */
export function PostText({
  text,
  textLength,
  lang,
  deleted,
  id,
}: {
  text: string
  textLength: number
  lang: string | null
  deleted: boolean
  id: string
}) {
  const shown = useMemo(() => displayText(text, textLength), [text, textLength])
  const [open, setOpen] = useState(false)
  const [overflows, setOverflows] = useState(false)
  const ref = useRef<HTMLParagraphElement>(null)

  // Whether four lines hide anything: measured after layout (never forcing one), when the
  // paragraph is first shown or resized, and when its text changes while on screen.
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const measure = (p: Element) => {
      if (p.classList.contains('is-clamped')) setOverflows(p.scrollHeight > p.clientHeight + 1)
    }
    if (el.checkVisibility?.({ contentVisibilityAuto: true }) !== false) measure(el)
    return observeSize(el, measure)
  }, [shown.text])

  return (
    <div className="post">
      <p
        ref={ref}
        id={id}
        className={cx('post-text', !open && 'is-clamped', deleted && 'is-deleted')}
        data-testid="complaint-text"
        dir="auto"
        lang={lang && LANG_TAG.test(lang) ? lang : undefined}
      >
        {shown.text}
      </p>
      {(overflows || open || shown.truncated) && (
        <div className="post-more">
          {(overflows || open) && (
            <button
              type="button"
              className="link-btn"
              aria-expanded={open}
              aria-controls={id}
              onClick={() => setOpen((o) => !o)}
            >
              {open ? 'Less' : 'More'}
            </button>
          )}
          {shown.truncated && (open || !overflows) && (
            <span className="post-truncated">
              Showing the first {integer(Math.min(text.length, MAX_DISPLAY_CHARS))} of{' '}
              {integer(Math.max(textLength, text.length))} characters
            </span>
          )}
        </div>
      )}
    </div>
  )
}
