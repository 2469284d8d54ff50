import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { refreshReach } from '../../server/domain/reach/refresh-reach.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, PHONE_VIEWPORT, screenshotPath } from '../support/browser.js'
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
      await detail.getByText('Complaints (3)').waitFor()
      await expect.poll(() => page.getByTestId('complainer-row').count()).toBe(2)
      expect(await detail.textContent()).toMatch(/bluesky[\s\S]*x/)
      expect(await detail.textContent()).toMatch(/Complaints \(3\)/)
      expect(await detail.textContent()).toMatch(/900 followers, verified · reach 100th pct on x/)
      await page.screenshot({ path: screenshotPath('complainers.png'), fullPage: true })
    } finally {
      await browser.close()
    }
  }, 90_000)

  it('opens a person far down the list where the click was seen, and gives focus back on close', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    const ingested = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: Array.from({ length: 55 }, (_, i) =>
        makePost({
          author: { externalId: `far-${i}`, handle: `far${i}.example`, followers: 10 + i },
        }),
      ),
    })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    const viewer = await makeUser(t.ctx, 'viewer')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await signInThroughPage(page, server.url!, viewer.email, TEST_PASSWORD)
      await page.goto(`${server.url}/complainers?brand=${brand.slug}`)
      const rows = page.getByTestId('complainer-row')
      await rows.first().waitFor()
      expect(await rows.count()).toBe(50)

      // Beside the table on a wide screen.
      const far = rows.nth(44).getByRole('button')
      await openAndSee(page, far)
      await page.screenshot({ path: screenshotPath('complainers-far-wide.png') })
      await page.keyboard.press('Escape')
      await page.getByTestId('complainer-detail').waitFor({ state: 'detached' })
      expect(await isFocused(far)).toBe(true)

      // Under it on a phone, scrolled to; Close gives focus back to the row too.
      await page.setViewportSize(PHONE_VIEWPORT)
      const other = rows.nth(40).getByRole('button')
      await openAndSee(page, other)
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(PHONE_VIEWPORT.width)
      await page.screenshot({ path: screenshotPath('complainers-far-phone.png') })
      await page.getByTestId('complainer-close').click()
      await page.getByTestId('complainer-detail').waitFor({ state: 'detached' })
      expect(await isFocused(other)).toBe(true)
      expect(await inViewport(page, other)).toBe(true)
    } finally {
      await browser.close()
    }
  }, 90_000)
})

/** Opens a complainer from their row: the detail's heading is then in view, and focused. */
async function openAndSee(page: Page, button: Locator) {
  const name = (await button.textContent())!
  await button.click()
  const heading = page.getByRole('heading', { level: 2, name })
  await page.getByTestId('complainer-detail').getByText('Complaints (1)').waitFor()
  expect(await inViewport(page, heading)).toBe(true)
  expect(await isFocused(heading)).toBe(true)
}

/** Whether it is in the window, clear of the sticky header (which would hide it). */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox()
  const header = (await page.locator('header.chrome').boundingBox())!
  const { width, height } = page.viewportSize()!
  const top = header.y + header.height
  return !!box && box.y >= top && box.x >= 0 && box.y + box.height <= height && box.x <= width
}

const isFocused = (locator: Locator) =>
  locator.evaluate(
    (el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement,
  )
