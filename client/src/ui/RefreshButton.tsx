import { Button } from './Button.js'
import { RefreshIcon } from './icons.js'

/** A page's Refresh: reads its data again. */
export function RefreshButton({ onClick, disabled }: { onClick: () => void; disabled?: boolean }) {
  return (
    <Button onClick={onClick} disabled={disabled}>
      <RefreshIcon />
      Refresh
    </Button>
  )
}
