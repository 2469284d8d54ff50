import type { Tx } from '../../db/client.js'
import type { ComplaintPart } from '../../db/repositories/complaint-views.js'
import { rescoreLeads } from './rescore-leads.js'

/**
 * Scores a complaint's lead again, under the version that ranks it, when its thread holds more
 * replies than the post counted when it was scored: a thread gaining replies gains engagement
 * and velocity. Each new score is a row with the next revision (nothing is rewritten), and the
 * complaint takes its priority. Returns the complaints that changed.
 */
export function rescoreGrownThreads(
  tx: Tx,
  complaints: ComplaintPart[],
  now: Date = new Date(),
): Promise<ComplaintPart[]> {
  return rescoreLeads(
    tx,
    complaints.map((c) => c.id),
    { grownOnly: true, now },
  )
}
