import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { recordAudit } from '../../server/domain/audit/record-audit.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, pageWidth, PHONE_VIEWPORT, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { ingestLoudAndQuiet, makeBrand } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'

const firebreak = firebreakForFile(['--no-demo'])

/**
 * Pages through the navigation with the bar's own arrow, from its start, and returns the test ids of those it showed whole inside the window.
 */
async function tabsShownByArrows(page: Page): Promise<Set<string>> {
  const more = page.getByTestId('nav-more-end')
  // From the start, as a swipe back would leave it.
  await page.locator('.nav-scroll').evaluate((bar) => bar.scrollTo({ left: 0 }))
  await page.getByTestId('nav-more-start').waitFor({ state: 'hidden' })
  const links = page.locator('nav[aria-label="Pages"] .nav-link')
  const seen = new Set<string>()
  for (let presses = 0; presses < 20; presses++) {
    await page.waitForTimeout(400) // the arrow scrolls smoothly: let it land before measuring
    for (const link of await links.all()) {
      const box = (await link.boundingBox())!
      if (box.x >= 0 && box.x + box.width <= PHONE_VIEWPORT.width)
        seen.add((await link.getAttribute('data-testid'))!)
    }
    if (!(await more.isVisible())) break
    await more.click()
  }
  return seen
}

describe('the console on a phone', () => {
  it('shows every page tab, and the users, audit and score tables, within 390 px', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    await ingestLoudAndQuiet(t.ctx, brand.id, '.example')
    const admin = await makeUser(t.ctx, 'admin', { name: 'Adaeze Okonkwo-Lindqvist' })
    await makeUser(t.ctx, 'agent')
    await makeUser(t.ctx, 'viewer')
    for (let i = 0; i < 8; i++) {
      await recordAudit(t.ctx.db, {
        actorId: admin.id,
        action: 'brand.updated',
        subjectType: 'brand',
        subjectId: brand.id,
        before: { trackedTerms: ['kredo'] },
        after: { trackedTerms: ['kredo', `a-rather-long-tracked-term-${i}`] },
        ip: '2001:db8:85a3::8a2e:370:7334',
      })
    }
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: PHONE_VIEWPORT })
      await signInThroughPage(page, server.url!, admin.email, TEST_PASSWORD)

      await page.goto(`${server.url}/admin/users`)
      await page.getByTestId('users-row').first().waitFor()
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width)
      // The bar does not fit: it says so, and its arrows bring every page into view.
      expect(await page.getByTestId('nav-more-end').isVisible()).toBe(true)
      await page.screenshot({ path: screenshotPath('phone-users.png') })
      const tabs = await page
        .locator('nav[aria-label="Pages"] .nav-link')
        .evaluateAll((links) => links.map((l) => l.getAttribute('data-testid')!))
      expect(tabs).toContain('nav-operations')
      expect([...(await tabsShownByArrows(page))].sort()).toEqual([...tabs].sort())
      expect(await page.getByTestId('nav-more-start').isVisible()).toBe(true)
      await page.screenshot({ path: screenshotPath('phone-nav-end.png') })
      await page.getByTestId('nav-operations').click()
      await page.waitForURL(/\/admin\/operations/)

      await page.goto(`${server.url}/admin/audit`)
      await page.getByTestId('audit-row').first().waitFor()
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width)
      // A row is a card: its change is on screen, not in a column past the window's edge.
      const change = page.getByTestId('audit-row').first().locator('.cell-diff')
      const box = (await change.boundingBox())!
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE_VIEWPORT.width)
      await page.screenshot({ path: screenshotPath('phone-audit.png') })

      // "Why this priority?": the reasons start on screen, under each factor.
      await page.goto(`${server.url}/?brand=${brand.slug}`)
      const row = page.getByTestId('complaint-row').first()
      await row.waitFor()
      await row.getByRole('button', { name: 'Why this priority?' }).click()
      const note = row.locator('.factor-note').first()
      await note.waitFor()
      const why = (await note.boundingBox())!
      expect(why.x).toBeGreaterThanOrEqual(0)
      expect(why.x + why.width).toBeLessThanOrEqual(PHONE_VIEWPORT.width)
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width)
      await row.locator('.explain').screenshot({ path: screenshotPath('phone-why.png') })
    } finally {
      await browser.close()
    }
  }, 90_000)
})
