import { describe, expect, it } from 'vitest'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand, makePost } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'
import { waitForAnalysis } from '../support/wait.js'

const firebreak = firebreakForFile(['--no-demo'])

const REASON = 'A journalist at <b>Tech Daily</b> asked for comment <img src=x onerror=alert(1)>'

describe("An adviser's pick", () => {
  it('an adviser picks a thread with a reason; a second console sees it move up live, with the badge and the reason as text', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    // Alike but for time: posted half an hour earlier, "ahead" has waited about four points
    // more than "behind" (8.33 an hour, less a little recency), less than a pick's five.
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()
    const post = (thread: string, postedAt: string, name: string) =>
      makePost({
        threadId: thread,
        externalId: `${thread}-root`,
        text: 'Kredo dropped my score overnight and support will not answer. Terrible.',
        postedAt,
        author: {
          externalId: thread,
          handle: `${thread}.example`,
          displayName: name,
          followers: 0,
        },
        engagement: { likes: 3, replies: 0, shares: 0 },
      })
    const ingested = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [
        post('ahead', minutesAgo(32), 'Avery Ahead'),
        post('behind', minutesAgo(2), 'Blair Behind'),
      ],
    })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    const adviser = await makeUser(t.ctx, 'adviser', { name: 'Ada Adviser' })
    const viewer = await makeUser(t.ctx, 'viewer')
    const browser = await launchBrowser()
    try {
      const watching = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await signInThroughPage(watching, server.url!, viewer.email, TEST_PASSWORD)
      await watching.goto(`${server.url}/?brand=${brand.slug}`)
      const rows = watching.getByTestId('complaint-row')
      await rows.nth(1).waitFor()
      expect(await rows.first().textContent()).toMatch(/ahead\.example/)
      expect(await watching.getByTestId('pick-badge').count()).toBe(0)

      // Reduced motion: rows move without gliding, so the screenshots catch them in place.
      const page = await browser.newPage({
        viewport: { width: 1280, height: 900 },
        reducedMotion: 'reduce',
      })
      await signInThroughPage(page, server.url!, adviser.email, TEST_PASSWORD)
      await page.goto(`${server.url}/?brand=${brand.slug}`)
      const behind = page.locator('[data-testid="complaint-row"]', { hasText: 'behind.example' })
      await behind.getByRole('button', { name: 'Why this priority?' }).click()
      const panel = behind.getByTestId('pick-panel')
      await panel.waitFor()
      expect(await panel.textContent()).toMatch(/it adds 5 to its priority/)
      await panel.getByTestId('pick-reason').fill(REASON)
      await page.screenshot({ path: screenshotPath('pick-form.png') })
      await panel.getByTestId('pick-submit').click()
      await panel.getByTestId('pick-summary').waitFor()
      expect(await panel.getByTestId('pick-reason-text').textContent()).toBe(REASON)
      expect(await panel.getByTestId('pick-summary').textContent()).toMatch(/Picked by Ada Adviser/)

      // The other console: the picked thread moves to the top, with its badge, no reload.
      await expect
        .poll(() => rows.first().textContent(), { timeout: 15_000 })
        .toMatch(/behind\.example/)
      const top = rows.first()
      expect(await top.getByTestId('pick-badge').textContent()).toBe('Picked')
      await watching.screenshot({ path: screenshotPath('pick-console-live.png') })

      // A viewer reads who picked it and why, as text, and has no control to change it.
      await top.getByRole('button', { name: 'Why this priority?' }).click()
      const seen = top.getByTestId('pick-panel')
      await seen.waitFor()
      expect(await seen.getByTestId('pick-reason-text').textContent()).toBe(REASON)
      expect(await watching.locator('img[src="x"]').count()).toBe(0)
      expect(await seen.getByTestId('unpick').count()).toBe(0)
      expect(await seen.getByTestId('pick-submit').count()).toBe(0)
      const why = await top.locator('.factors').textContent()
      expect(why).toContain(`picked by Ada Adviser: “${REASON}”`)
      await watching.screenshot({ path: screenshotPath('pick-viewer-detail.png') })

      // The adviser's own console, with the pick in the detail.
      await page.mouse.move(5, 5)
      await expect
        .poll(() => page.getByTestId('complaint-row').first().textContent(), {
          timeout: 15_000,
        })
        .toMatch(/behind\.example/)
      await page.screenshot({ path: screenshotPath('pick-adviser-detail.png') })

      // Unpicked, it falls back behind on the other console too.
      await page
        .locator('[data-testid="complaint-row"]', { hasText: 'behind.example' })
        .getByTestId('unpick')
        .click()
      await watching.mouse.move(5, 5)
      await expect
        .poll(() => rows.first().textContent(), { timeout: 15_000 })
        .toMatch(/ahead\.example/)
      expect(await watching.getByTestId('pick-badge').count()).toBe(0)
    } finally {
      await browser.close()
    }
  }, 120_000)
})
