import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import { dueText } from './format.js'
import './promises.css'

/**
 * The thread's raised mark: a promise made in it is overdue and still open. Text, never colour
 * alone; it goes once the promise is kept or broken.
 */
export function PromiseOverdueMark({ complaint }: { complaint: ComplaintView }) {
  if (!complaint.promiseOverdueSince) return null
  return (
    <span
      className="promise-state promise-state-overdue"
      data-testid="promise-overdue-mark"
      title={`A promise made here was due ${dueText(complaint.promiseOverdueSince)} and is not kept yet`}
    >
      Promise overdue
    </span>
  )
}
