import { eq } from 'drizzle-orm'
import type { Queryable } from '../../db/client.js'
import { listPostScores, type ComplaintScoreHistory } from '../../db/repositories/scores.js'
import { complaints } from '../../db/schema.js'
import { AppError } from '../../lib/app-error.js'

/** A complaint's lead post and its scores under every version that scored it. */
export async function loadComplaintScores(
  q: Queryable,
  complaintId: string,
): Promise<ComplaintScoreHistory> {
  const [complaint] = await q
    .select({ leadPostId: complaints.leadPostId, scoringVersion: complaints.scoringVersion })
    .from(complaints)
    .where(eq(complaints.id, complaintId))
  if (!complaint) throw new AppError('not_found', 'Complaint not found')
  return { complaintId, ...complaint, scores: await listPostScores(q, complaint.leadPostId) }
}
