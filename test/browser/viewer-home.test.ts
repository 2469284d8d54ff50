import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { raiseAlerts } from '../../server/domain/alerts/raise-alerts.js'
import { clockNow } from '../../server/lib/clock.js'
import { publishAlerts } from '../../server/realtime/alert-events.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { axeViolations } from '../support/axe.js'
import { launchBrowser, pageWidth, PHONE_VIEWPORT, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { ingestLoudAndQuiet, makeBrand } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'

const firebreak = firebreakForFile(['--no-demo'])

/** Where the pages' screenshots go, besides test-results: the notes the lead reads. */
const shot = (name: string) => {
  if (!fs.existsSync('/work/notes')) return screenshotPath(name)
  fs.mkdirSync('/work/notes/shots', { recursive: true })
  return `/work/notes/shots/${name}`
}

/** Resolves when the page's socket.io connection is accepted (its rooms are joined then). */
function socketJoined(page: Page): Promise<void> {
  return new Promise((resolve) =>
    page.on('websocket', (ws) =>
      ws.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.startsWith('40')) resolve()
      }),
    ),
  )
}

const navIds = (page: Page) =>
  page
    .locator('nav[aria-label="Pages"] .nav-link')
    .evaluateAll((links) => links.map((l) => l.getAttribute('data-testid')))

describe("a viewer's console", () => {
  it('opens on the dashboard after sign-in, on a phone too; the live console stays one tab away; agents and advisers keep theirs', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    await ingestLoudAndQuiet(t.ctx, brand.id, '.example')
    const viewer = await makeUser(t.ctx, 'viewer', { name: 'Lee Leadership' })
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: PHONE_VIEWPORT })
      await signInThroughPage(page, server.url!, viewer.email, TEST_PASSWORD)
      await page.getByTestId('dashboard').waitFor()
      const landed = new URL(page.url())
      expect([landed.pathname, landed.searchParams.get('brand')]).toEqual([
        '/dashboard',
        brand.slug,
      ])

      // The navigation: the dashboard first and current, only the pages a viewer reads.
      expect(await navIds(page)).toEqual([
        'nav-dashboard',
        'nav-inbox',
        'nav-console',
        'nav-complainers',
        'nav-alerts',
        'nav-scoring',
      ])
      expect(await page.getByTestId('nav-dashboard').getAttribute('aria-current')).toBe('page')
      const current = (await page.getByTestId('nav-dashboard').boundingBox())!
      expect(current.x).toBeGreaterThanOrEqual(0)
      expect(current.x + current.width).toBeLessThanOrEqual(PHONE_VIEWPORT.width)
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width)
      expect(await axeViolations(page)).toEqual([])
      await page.screenshot({ path: shot('viewer-home-phone.png') })

      // The live console is still the viewer's to open, and a reload keeps it.
      await page.getByTestId('nav-console').click()
      await page.getByTestId('connection-status').waitFor()
      expect(new URL(page.url()).pathname).toBe('/')
      await page.reload()
      await page.getByTestId('connection-status').waitFor()
      expect(new URL(page.url()).pathname).toBe('/')
      expect(await page.getByTestId('nav-console').getAttribute('aria-current')).toBe('page')
      await page.close()

      for (const role of ['agent', 'adviser'] as const) {
        const user = await makeUser(t.ctx, role)
        const other = await browser.newPage({ viewport: { width: 1280, height: 800 } })
        await signInThroughPage(other, server.url!, user.email, TEST_PASSWORD)
        await other.getByTestId('connection-status').waitFor()
        expect(new URL(other.url()).pathname, role).toBe('/')
        expect(await other.getByTestId('nav-console').getAttribute('aria-current')).toBe('page')
        await other.close()
      }
    } finally {
      await browser.close()
    }
  }, 120_000)

  it('shows a raised alert at once on a page without live data of its own, well before the minute poll', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    await ingestLoudAndQuiet(t.ctx, brand.id, '.example')
    const viewer = await makeUser(t.ctx, 'viewer')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await signInThroughPage(page, server.url!, viewer.email, TEST_PASSWORD)
      const joined = socketJoined(page)
      await page.goto(`${server.url}/complainers?brand=${brand.slug}`)
      await page.getByTestId('complainer-row').first().waitFor()
      await joined
      expect(await page.getByTestId('alert-banner').count()).toBe(0)
      await page.evaluate('window.sameDocument = true')

      // Raised as the detector raises one, and pushed to the brand's room from this process
      // (through Redis, as a worker would).
      const now = (await clockNow(t.ctx)).getTime()
      const at = Math.floor(now / 300_000) * 300_000 - 300_000
      const raised = await t.ctx.db.transaction((tx) =>
        raiseAlerts(tx, brand.id, [
          {
            series: 'complaints',
            at,
            observed: 40,
            expected: 2,
            severity: 'high',
            confidence: 0.97,
          },
        ]),
      )
      await publishAlerts(t.ctx, 'alert.raised', raised.alertIds)

      // The list is polled every 60 s: 10 s is the push or nothing.
      const banner = page.getByTestId('alert-banner')
      await banner.waitFor({ timeout: 10_000 })
      expect(await banner.textContent()).toMatch(/Complaints spike.*40 complaints in 5 minutes/)
      expect(await page.evaluate<boolean>("'sameDocument' in window")).toBe(true)
      await page.screenshot({ path: shot('alert-banner-complainers.png') })
    } finally {
      await browser.close()
    }
  }, 120_000)
})
