import { useNow } from '../../ui/useNow.js'

/** Whole seconds left until `until` (ms epoch), ticking every second; 0 when past or null. */
export function useCountdown(until: number | null): number {
  const now = useNow(1000)
  if (until === null) return 0
  return Math.max(0, Math.ceil((until - now) / 1000))
}

/** 287 → "4 min 47 s", 40 → "40 s". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`
}
