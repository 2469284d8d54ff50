import { eq, inArray, sql } from 'drizzle-orm'
import { UnrecoverableError } from 'bullmq'
import { z } from 'zod'
import type { JobData } from '../../shared/schemas/jobs.js'
import type { AppContext } from '../../server/context.js'
import { loadPostsForAnalysis } from '../../server/db/repositories/posts.js'
import type { Tx } from '../../server/db/client.js'
import { brands, outbox } from '../../server/db/schema.js'
import { jsonRecordset } from '../../server/db/unnest.js'
import { insertScores } from '../../server/db/repositories/scores.js'
import { currentScoringVersion } from '../../server/db/repositories/scoring-versions.js'
import { recordScoredPosts } from '../../server/domain/complaints/record-scored-posts.js'
import { publishEvents } from '../../server/domain/events/append-events.js'
import { placeAuthors } from '../../server/domain/reach/place-authors.js'
import { analyzeText } from '../pipeline/analyze.js'
import { inBrandContext, type BrandTerms } from '../pipeline/relevance.js'
import { explainScore } from '../pipeline/explain.js'
import { scorePost, threadPick } from '../pipeline/score.js'
import { believedPostedAt } from '../../shared/scoring/post-time.js'

const AnalyzePayload = z.object({ postIds: z.array(z.number().int()).min(1) })

/**
 * Analyses, scores and folds into complaints the posts of one outbox row, in one transaction
 * that also marks the row done. Locking the row first makes a redelivered job (a stalled
 * worker, a swept row) a no-op, so effects happen once however often the job runs.
 */
export async function analyzePosts(ctx: AppContext, { outboxId }: JobData<'post.analyze'>) {
  const outcome = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ payload: outbox.payload, doneAt: outbox.doneAt })
      .from(outbox)
      .where(eq(outbox.id, outboxId))
      .for('update')
    if (!row) throw new UnrecoverableError(`outbox row ${outboxId} does not exist`)
    if (row.doneAt) return { analyzed: 0, events: [] }
    const { postIds } = AnalyzePayload.parse(row.payload)

    const loaded = await loadPostsForAnalysis(tx, postIds)
    const terms = await loadBrandTerms(tx, [...new Set(loaded.map((p) => p.brandId))])
    const scoredAt = new Date()
    const version = await currentScoringVersion(tx, scoredAt)
    // Reach as it stands now, for versions that read the percentile and for the Complainers page.
    const reach = await placeAuthors(
      tx,
      loaded.map((p) => p.authorId),
    )
    const results = loaded.map((post) => {
      const analysis = inBrandContext(
        analyzeText(post.text, post.lang),
        post.text,
        terms.get(post.brandId),
      )
      const score = scorePost(
        {
          analysis,
          text: post.text,
          followers: post.followers,
          reach: reach.get(post.authorId),
          engagement: { likes: post.likes, replies: post.replies, shares: post.shares },
          postedAt: believedPostedAt(post.postedAt, post.ingestedAt),
          // A post of a picked thread scores the pick, so a new lead keeps it.
          ...threadPick(post.pickedAt, post.pickedByName, post.pickReason),
        },
        version,
        scoredAt,
      )
      return { post, analysis, score, explanation: explainScore(score) }
    })
    if (results.length) await saveAnalyses(tx, results)
    const events = await recordScoredPosts(
      tx,
      results.map(({ post, analysis, score, explanation }) => ({
        postId: post.id,
        brandId: post.brandId,
        source: post.source,
        threadKey: post.threadKey,
        waitingSince: score.waitingSince,
        isComplaint: analysis.isComplaint,
        priority: score.priority,
        scoringVersion: score.version,
        base: score.base,
        rate: score.rate,
        rankKey: score.rankKey,
        lead: {
          external_id: post.externalId,
          url: post.url,
          text: post.text,
          text_length: [...post.text].length,
          lang: post.lang,
          posted_at: post.postedAt,
          deleted_at: post.deletedAt,
          likes: post.likes,
          replies: post.replies,
          shares: post.shares,
          handle: post.handle,
          display_name: post.displayName,
          followers: post.followers,
          sentiment: analysis.sentiment,
          label: analysis.label,
          analyzer_version: analysis.version,
          confidence: analysis.confidence,
          complaint_score: analysis.complaintScore,
          language: analysis.language,
          analysis_explanation: analysis.explanation,
          explanation,
        },
      })),
    )
    await tx
      .update(outbox)
      .set({ doneAt: sql`now()` })
      .where(eq(outbox.id, outboxId))
    return { analyzed: results.length, events }
  })
  ctx.metrics.postsAnalyzed.inc(outcome.analyzed)
  publishEvents(ctx.publisher, outcome.events)
  return outcome.analyzed
}

async function loadBrandTerms(tx: Tx, ids: string[]): Promise<Map<string, BrandTerms>> {
  const rows = await tx
    .select({
      id: brands.id,
      trackedTerms: brands.trackedTerms,
      excludedTerms: brands.excludedTerms,
    })
    .from(brands)
    .where(inArray(brands.id, ids))
  return new Map(rows.map(({ id, ...terms }) => [id, terms]))
}

type Result = {
  post: { id: number }
  analysis: ReturnType<typeof analyzeText>
  score: ReturnType<typeof scorePost>
  explanation: ReturnType<typeof explainScore>
}

/** Writes analyses and scores keyed by (post, version); a re-run adds nothing. */
async function saveAnalyses(tx: Tx, results: Result[]) {
  const analysisRows = results.map(({ post, analysis }) => ({
    post_id: post.id,
    version: analysis.version,
    sentiment: analysis.sentiment,
    label: analysis.label,
    is_complaint: analysis.isComplaint,
    confidence: analysis.confidence,
    complaint_score: analysis.complaintScore,
    language: analysis.language,
    explanation: analysis.explanation,
  }))
  await tx.execute(
    sql`insert into analyses (post_id, version, sentiment, label, is_complaint, confidence,
          complaint_score, language, explanation)
        select * from ${jsonRecordset(analysisRows, 'post_id bigint, version text, sentiment real, label text, is_complaint boolean, confidence real, complaint_score real, language text, explanation jsonb')}
        on conflict do nothing`,
  )
  await insertScores(
    tx,
    results.map(({ post, score, explanation }) => ({
      postId: post.id,
      version: score.version,
      priority: score.priority,
      base: score.base,
      rankKey: score.rankKey,
      explanation,
    })),
  )
}
