import { describe, expect, it } from 'vitest'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'

const firebreak = firebreakForFile(['--no-demo'])

describe('Publishing "How we rank"', () => {
  it('an admin publishes it from brand settings; anyone reads it without signing in; every role sees the link', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx, 'Kredo')
    const admin = await makeUser(t.ctx, 'admin')
    const viewer = await makeUser(t.ctx, 'viewer')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      await signInThroughPage(page, server.url!, admin.email, TEST_PASSWORD)
      await page.goto(`${server.url}/admin/brand?brand=${brand.slug}`)
      const card = page.getByTestId('publish-ranking')
      await card.waitFor()
      expect(await card.textContent()).toMatch(/Not published/)
      await card.getByText('Not published').click()
      const link = card.getByTestId('public-ranking-url')
      await link.waitFor()
      const url = await link.inputValue()
      expect(url).toBe(`${server.url}/public/brands/${brand.slug}/how-we-rank`)
      expect(await card.textContent()).toMatch(/Published/)
      await page.screenshot({ path: screenshotPath('public-ranking-settings.png') })

      // Anyone, without a session: the page renders with its stylesheet (the CSP allows it).
      const visitor = await browser.newContext({ viewport: { width: 1100, height: 1000 } })
      const reader = await visitor.newPage()
      const errors: string[] = []
      reader.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
      const res = await reader.goto(url)
      expect(res?.status()).toBe(200)
      await reader.getByRole('heading', { level: 1 }).waitFor()
      expect(await reader.getByRole('heading', { level: 1 }).textContent()).toBe(
        'How we rank complaints (version 3, priority-3)',
      )
      expect(
        await reader
          .locator('main')
          .evaluate((m) => m.ownerDocument.defaultView!.getComputedStyle(m).maxWidth),
      ).toBe('760px')
      expect(errors).toEqual([])
      await reader.screenshot({ path: screenshotPath('public-ranking-page.png'), fullPage: true })

      // A viewer's How we rank page names the public link.
      const watching = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      await signInThroughPage(watching, server.url!, viewer.email, TEST_PASSWORD)
      await watching.goto(`${server.url}/scoring?brand=${brand.slug}`)
      const note = watching.getByTestId('public-ranking-note')
      await note.waitFor()
      expect(await watching.getByTestId('public-ranking-link').getAttribute('href')).toBe(url)
      await watching.screenshot({ path: screenshotPath('public-ranking-console.png') })

      // Unpublished: gone for everyone.
      await card.getByText('Published', { exact: true }).click()
      await card.getByText('Not published').waitFor()
      expect((await reader.goto(url))?.status()).toBe(404)
      await visitor.close()
    } finally {
      await browser.close()
    }
  }, 120_000)
})
