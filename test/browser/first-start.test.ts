import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sources } from '../../server/db/schema.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { expectFitsPhone, launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { FixtureServer } from '../support/fixture-server.js'
import { firebreakForFile } from '../support/processes.js'

// A production first start: no demo, an empty database; the network is a local stand-in
// replaying a real blog's feed (the SSRF guard lets 127.0.0.1 through for it).
const firebreak = firebreakForFile(['--no-demo'], { SSRF_ALLOWLIST: '127.0.0.1' })
let blog: FixtureServer
beforeAll(async () => {
  blog = await new FixtureServer('rss').start()
})
afterAll(() => blog?.close())

describe('a first start without the demo', () => {
  it('leads the admin from naming the brand to a tested source and its first posts in the console', async () => {
    const { t, server } = firebreak
    const admin = await makeUser(t.ctx, 'admin')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
      const errors: string[] = []
      page.on('pageerror', (err) => errors.push(err.message))
      await signInThroughPage(page, server.url!, admin.email, TEST_PASSWORD)

      // Step 1: the empty console asks for a brand: its name and terms.
      await page.getByText('No brands watched yet').waitFor()
      await page.getByTestId('add-first-brand').click()
      await page.getByTestId('new-brand-name').fill('Klout')
      const tracked = page.getByTestId('create-brand').getByLabel('Tracked terms', { exact: true })
      await tracked.fill('klout')
      await tracked.press('Enter')
      await page.getByTestId('brand-create-submit').click()

      // Step 2: on to its Sources page, the form open, saying what to do.
      const guide = page.getByTestId('first-start')
      await guide.getByText('Step 2 of 3').waitFor()
      expect(new URL(page.url()).pathname).toBe('/admin/sources')
      await page.getByTestId('source-kind').selectOption('rss')
      await page.getByTestId('source-name').fill('Signal & Noise blog')
      await page.getByTestId('source-field-url').fill(`${blog.url}/feed/`)
      await page.screenshot({ path: screenshotPath('first-start-source.png') })
      await page.getByTestId('source-submit').click()
      const row = page.getByTestId('source-row').filter({ hasText: 'Signal & Noise blog' })
      await row.waitFor()
      await guide.getByText(/Step 3 of 3|The first posts are in/).waitFor()

      // Test connection: one real request, nothing stored, the answer in words.
      await row.getByTestId('source-test').click()
      const tested = row.getByTestId('source-test-result')
      await tested.waitFor({ timeout: 30_000 })
      expect(await tested.textContent()).toMatch(/^Connected/)

      // Step 3: the worker polls it; the first posts are counted, and the console opens.
      await guide.getByTestId('first-start-heard').waitFor({ timeout: 30_000 })
      await row.locator('[data-status="live"]').waitFor()
      await page.screenshot({ path: screenshotPath('first-start-heard.png'), fullPage: true })
      await expectFitsPhone(page, 'first-start-heard-phone.png')
      await guide.getByTestId('first-start-console').click()
      await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor()
      await page.locator('[data-testid="complaint-row"]').first().waitFor({ timeout: 45_000 })
      await page.screenshot({ path: screenshotPath('first-start-console.png') })
      const [source] = await t.ctx.db.select().from(sources).where(eq(sources.kind, 'rss'))
      expect(source).toMatchObject({ failures: 0, lastError: null })
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  }, 150_000)
})
