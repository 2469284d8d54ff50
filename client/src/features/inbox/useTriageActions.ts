import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { ComplaintView } from '../../../../shared/schemas/complaints.js'
import type { DismissReason, TransitionName } from '../../../../shared/triage.js'
import { TRANSITIONS } from '../../../../shared/triage.js'
import { toApiError } from '../../lib/http.js'
import { displayHandle } from '../../lib/format.js'
import { conflictCurrent, inboxApi } from './inboxApi.js'
import { applyComplaint } from './useInboxData.js'

/** What the last action did, for the page's notice and its live region. */
export interface ActionNotice {
  tone: 'ok' | 'conflict' | 'error'
  text: string
  at: number
}

const STATE_WORDS = {
  new: 'new',
  open: 'open',
  waiting: 'waiting on its author',
  resolved: 'resolved',
  dismissed: 'dismissed',
} as const

/**
 * Triage actions from the list, the thread and the keyboard: each sends the version the
 * console holds, puts the answer in every cached view, and on a lost race (409) shows the
 * complaint as it stands instead of overwriting it.
 */
export function useTriageActions(me: string) {
  const client = useQueryClient()
  const [notice, setNotice] = useState<ActionNotice | null>(null)

  const run = useCallback(
    async (c: ComplaintView, done: string, action: () => Promise<ComplaintView>) => {
      const who = displayHandle(c.lead.author.handle)
      try {
        const updated = await action()
        applyComplaint(client, updated, me)
        setNotice({ tone: 'ok', text: `${done}: ${who}`, at: Date.now() })
        return updated
      } catch (err) {
        const current = conflictCurrent(err)
        if (current) {
          applyComplaint(client, current, me)
          const owner = current.assignee ? `, owned by ${current.assignee.name}` : ''
          setNotice({
            tone: 'conflict',
            text: `Someone changed ${who} first: it is ${STATE_WORDS[current.state]}${owner} now. Nothing was overwritten.`,
            at: Date.now(),
          })
          return current
        }
        setNotice({ tone: 'error', text: `${who}: ${toApiError(err).message}`, at: Date.now() })
        return null
      }
    },
    [client, me],
  )

  return {
    notice,
    setNotice,
    transition: (
      c: ComplaintView,
      t: TransitionName,
      extra?: { reason?: DismissReason; note?: string },
    ) => run(c, TRANSITIONS[t].label, () => inboxApi.transition(c, t, extra)),
    snooze: (c: ComplaintView, until: string | null) =>
      run(c, until ? 'Snoozed' : 'Back in the queue', () => inboxApi.snooze(c, until)),
    assign: (c: ComplaintView, assigneeId: string | null, label: string) =>
      run(c, label, () => inboxApi.assign(c, assigneeId)),
  }
}
export type TriageActions = ReturnType<typeof useTriageActions>
