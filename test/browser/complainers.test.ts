import { describe, expect, it } from 'vitest'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { refreshReach } from '../../server/domain/reach/refresh-reach.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand, makePost } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'
import { waitForAnalysis } from '../support/wait.js'

const firebreak = firebreakForFile(['--no-demo'])

describe('the Complainers page', () => {
  it('ranks complainers and lets an adviser link one person across networks', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    const ann = {
      externalId: 'ann-b',
      handle: 'ann.bsky.example',
      displayName: 'Ann',
      followers: 300,
    }
    const annX = { externalId: 'ann-x', handle: 'ann_on_x', followers: 900, verified: true }
    const ingested = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [
        makePost({ network: 'bluesky', author: ann }),
        makePost({ network: 'bluesky', author: ann }),
        makePost({ network: 'x', author: annX }),
        makePost({ network: 'x', author: { externalId: 'bob', handle: 'bob_x', followers: 40 } }),
      ],
    })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    await refreshReach(t.ctx.db)
    const adviser = await makeUser(t.ctx, 'adviser')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } })
      await signInThroughPage(page, server.url!, adviser.email, TEST_PASSWORD)
      await page.goto(`${server.url}/complainers?brand=${brand.slug}`)
      await page.getByTestId('complainer-row').first().waitFor()
      expect(await page.getByTestId('complainer-row').count()).toBe(3)
      await page.getByLabel('Select ann.bsky.example').check()
      await page.getByLabel('Select ann_on_x').check()
      await page.getByTestId('link-accounts').click()
      const detail = page.getByTestId('complainer-detail')
      await detail.waitFor()
      await expect.poll(() => page.getByTestId('complainer-row').count()).toBe(2)
      expect(await detail.textContent()).toMatch(/bluesky[\s\S]*x/)
      expect(await detail.textContent()).toMatch(/Complaints \(3\)/)
      expect(await detail.textContent()).toMatch(/900 followers, verified · reach 100th pct on x/)
      await page.screenshot({ path: screenshotPath('complainers.png'), fullPage: true })
    } finally {
      await browser.close()
    }
  }, 90_000)
})
