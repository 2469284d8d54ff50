import type { ReplyLimit } from '../../../../shared/replies.js'
import { integer } from '../../lib/format.js'
import { cx } from '../../ui/css.js'

/**
 * The reply's length as its network counts it, against its limit: warned near it, and over it
 * in words as well as colour (how many too many), so colour is never the only cue.
 */
export function ReplyCounter({
  id,
  length,
  limit,
}: {
  id: string
  length: number
  limit: ReplyLimit
}) {
  const over = length - limit.max
  const near = over <= 0 && length >= limit.max * 0.9
  return (
    <span
      id={id}
      className={cx('reply-counter', near && 'is-near', over > 0 && 'is-over')}
      data-testid="reply-counter"
    >
      {integer(length)} / {integer(limit.max)} {limit.unit}
      {over > 0 && <strong> · {integer(over)} too many</strong>}
    </span>
  )
}
