import { absoluteTime, relativeTime } from '../lib/format.js'
import { useNow } from './useNow.js'

/**
 * "3m ago" that stays current, with the exact time on hover and for assistive tech; past a
 * week, the date alone ("Aug 25").
 */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const now = useNow(10_000)
  const label = relativeTime(iso, now)
  return (
    <time className={className} dateTime={iso} title={absoluteTime(iso)}>
      {label === 'now' ? 'just now' : /^\d+[smhd]$/.test(label) ? `${label} ago` : label}
    </time>
  )
}
