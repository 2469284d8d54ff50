import { describe, expect, it } from 'vitest'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { ingestLoudAndQuiet, makeBrand } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'

const firebreak = firebreakForFile(['--no-demo'])

describe('How we rank, and publishing a scoring version', () => {
  it('an adviser drafts, previews and publishes; a viewer sees the announcement, the new version and the old score', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    await ingestLoudAndQuiet(t.ctx, brand.id, '.example')
    const adviser = await makeUser(t.ctx, 'adviser')
    const viewer = await makeUser(t.ctx, 'viewer')
    const browser = await launchBrowser()
    try {
      const watching = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      await signInThroughPage(watching, server.url!, viewer.email, TEST_PASSWORD)
      await watching.goto(`${server.url}/?brand=${brand.slug}`)
      await watching.getByTestId('complaint-row').first().waitFor()
      expect(await watching.getByTestId('complaint-row').count()).toBe(2)

      // Every role reads How we rank; a viewer gets no workbench.
      await watching.goto(`${server.url}/scoring?brand=${brand.slug}`)
      await watching.getByTestId('how-we-rank').waitFor()
      expect(await watching.getByTestId('fairness').textContent()).toMatch(
        /within the 24-hour response target it reaches the top/,
      )
      expect(await watching.getByTestId('draft-editor').count()).toBe(0)
      await watching.goto(`${server.url}/?brand=${brand.slug}`)
      await watching.getByTestId('complaint-row').first().waitFor()

      const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } })
      await signInThroughPage(page, server.url!, adviser.email, TEST_PASSWORD)
      await page.goto(`${server.url}/scoring?brand=${brand.slug}`)
      await page.getByTestId('draft-editor').waitFor()
      await page.getByTestId('weight-reach').fill('0')
      await page.getByTestId('weight-escalation').fill('60')
      await page.getByTestId('draft-save').click()
      await page.getByTestId('preview-panel').waitFor()
      await page.getByTestId('preview-run').click()
      await page.getByTestId('preview-result').waitFor()
      expect(await page.getByTestId('preview-result').textContent()).toMatch(/Moved up \(1\)/)
      await page.screenshot({ path: screenshotPath('scoring-preview.png'), fullPage: true })
      await page
        .getByTestId('publish-changelog')
        .fill('Escalation cues weigh four times more; author reach no longer counts.')
      await page.getByTestId('publish-submit').click()

      // The viewer's console hears of it, and re-ranks once the rescore is done.
      const announcement = watching.getByTestId('scoring-announcement')
      await announcement.waitFor()
      expect(await announcement.textContent()).toMatch(/priority-4 published/)
      await watching.getByText('Rescore done').waitFor({ timeout: 20_000 })
      const first = watching.getByTestId('complaint-row').first()
      // The list re-ranks within a few seconds of the reload (it never jumps at once).
      await expect.poll(() => first.textContent(), { timeout: 10_000 }).toMatch(/quiet\.example/)
      await first.getByRole('button', { name: 'Why this priority?' }).click()
      await expect
        .poll(() => first.getByTestId('scoring-version').textContent(), { timeout: 10_000 })
        .toBe('priority-4')
      await first.getByTestId('earlier-scores').click()
      const history = first.getByTestId('earlier-scores-table')
      await history.waitFor()
      expect(await history.textContent()).toMatch(/priority-3[\s\S]*priority-4/)
      await watching.screenshot({ path: screenshotPath('scoring-console.png'), fullPage: true })

      await page.goto(`${server.url}/scoring?brand=${brand.slug}`)
      await page.getByText('Version 4 (priority-4)').waitFor()
      await page.screenshot({ path: screenshotPath('scoring-how-we-rank.png'), fullPage: true })
    } finally {
      await browser.close()
    }
  }, 90_000)
})
