import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScoringConfig } from '../../shared/schemas/scoring-config.js'
import { PRIORITY_3_CONFIG } from '../../shared/scoring/defaults.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { previewScoringVersion } from '../../server/domain/scoring/preview-version.js'
import { saveScoringDraft } from '../../server/domain/scoring/save-draft.js'
import { startWorkers, type WorkersHandle } from '../../workers/main.js'
import { makeUser } from '../support/auth.js'
import { createTestContext, type TestContext } from '../support/context.js'
import { makeBrand, makePost } from '../support/factories.js'
import { waitForAnalysis } from '../support/wait.js'

let t: TestContext
let workers: WorkersHandle

beforeAll(async () => {
  t = await createTestContext()
  workers = await startWorkers(t.ctx)
})
afterAll(async () => {
  await workers?.close()
  await t?.close()
})

const HOUR_MS = 3_600_000

describe('the shadow preview', () => {
  it('compares both versions at one instant: raising a weight alone moves nothing down', async () => {
    const brand = await makeBrand(t.ctx)
    // The same words at the same time, each alone on its network (so of the same reach): they
    // differ only in how they were heard. `fast` by a burst of replies (velocity, which fades
    // as it ages), `wide` by likes (engagement, which does not). Scored now, `fast` leads.
    const postedAt = new Date().toISOString()
    const ingested = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [
        makePost({
          network: 'bluesky',
          threadId: 'fast',
          postedAt,
          author: { externalId: 'f', handle: 'fast', followers: 100 },
          engagement: { likes: 0, replies: 20, shares: 0 },
        }),
        makePost({
          network: 'mastodon',
          threadId: 'wide',
          postedAt,
          author: { externalId: 'w', handle: 'wide', followers: 100 },
          engagement: { likes: 1_000, replies: 0, shares: 0 },
        }),
      ],
    })
    await waitForAnalysis(t.ctx, ingested.outboxIds)

    // Only the pick's weight goes up, and nothing here is picked: no priority can change.
    const config: ScoringConfig = {
      ...PRIORITY_3_CONFIG,
      weights: { ...PRIORITY_3_CONFIG.weights, pick: 10 },
    }
    const adviser = await makeUser(t.ctx, 'adviser')
    const draft = await saveScoringDraft(t.ctx, { config, actorId: adviser.id, ip: null })

    // Half a day later, `fast` has cooled and `wide` leads under either version. Comparing
    // the stored score (heard at its peak) with a fresh one would show `fast` moving down.
    const later = new Date(Date.now() + 12 * HOUR_MS)
    const window = {
      brandId: brand.id,
      from: new Date(Date.now() - HOUR_MS).toISOString(),
      to: new Date(Date.now() + HOUR_MS).toISOString(),
      top: 1,
    }
    const diff = await previewScoringVersion(t.ctx.db, { ...window, versionId: draft.id }, later)
    expect(diff.complaints).toBe(2)
    expect(diff.movedDown).toEqual([])
    expect(diff.movedUp).toEqual([])
    expect(diff.leftTop).toEqual([])
  })
})
