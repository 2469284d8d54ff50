import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { brands } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand, makePost } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'
import { waitForAnalysis } from '../support/wait.js'

const firebreak = firebreakForFile(['--no-demo'])

describe('The live console from the keyboard, and auto-assignment in brand settings', () => {
  it('j reaches the list from a fresh page, Enter opens a detail and Escape closes it; an admin turns auto-assignment on', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    const posts = [0, 1, 2].map((i) =>
      makePost({
        threadId: `k${i}`,
        externalId: `k${i}-root`,
        author: { externalId: `k${i}`, handle: `keys${i}.example`, followers: 10 ** (i + 2) },
      }),
    )
    const ingested = await ingestPosts(t.ctx, { brandId: brand.id, channel: 'import', posts })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    const admin = await makeUser(t.ctx, 'admin')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await signInThroughPage(page, server.url!, admin.email, TEST_PASSWORD)
      await page.goto(`${server.url}/?brand=${brand.slug}`)
      const rows = page.getByTestId('complaint-row')
      await rows.nth(2).waitFor()
      await page.keyboard.press('j')
      expect(await rows.first().evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)
      await page.keyboard.press('j')
      expect(await rows.nth(1).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)
      await page.keyboard.press('Enter')
      await rows.nth(1).getByLabel('Why this priority').waitFor()
      await page.keyboard.press('Escape')
      await expect.poll(() => rows.nth(1).getByLabel('Why this priority').count()).toBe(0)
      expect(await rows.nth(1).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)

      await page.goto(`${server.url}/admin/brand?brand=${brand.slug}`)
      await page.getByTestId('auto-assign-cap').fill('3')
      await page.getByRole('button', { name: 'Save cap' }).click()
      await expect
        .poll(
          async () =>
            (await t.ctx.db.select().from(brands).where(eq(brands.id, brand.id)))[0]!.assignCap,
        )
        .toBe(3)
      await page.getByTestId('auto-assign').getByText('Off', { exact: true }).click()
      await expect
        .poll(
          async () =>
            (await t.ctx.db.select().from(brands).where(eq(brands.id, brand.id)))[0]!.autoAssign,
        )
        .toBe(true)
    } finally {
      await browser.close()
    }
  })
})
