import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, PHONE_VIEWPORT, screenshotPath } from '../support/browser.js'
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
      await editCues(page)
      await page.getByTestId('draft-save').click()
      await page.getByTestId('preview-panel').waitFor()
      await expect.poll(() => page.getByTestId('cue-row').count()).toBe(5)
      expect(await page.getByTestId('cue-row').nth(4).getByTestId('cue-key').inputValue()).toBe(
        'outage',
      )
      await page.getByTestId('preview-run').click()
      await page.getByTestId('preview-result').waitFor()
      expect(await page.getByTestId('preview-result').textContent()).toMatch(/Moved up \(1\)/)
      await page.screenshot({ path: screenshotPath('scoring-preview.png'), fullPage: true })
      await page
        .getByTestId('publish-changelog')
        .fill('Escalation cues weigh four times more; author reach no longer counts.')
      await page.getByTestId('publish-submit').click()
      // Nothing is published before the adviser confirms what it will do.
      const confirm = page.getByRole('dialog', { name: 'Publish version 4 (priority-4)?' })
      await confirm.waitFor()
      expect(await confirm.textContent()).toMatch(/replaces priority-3 as soon as you confirm/)
      expect(await confirm.textContent()).toMatch(/no score is rewritten/)
      expect(await confirm.textContent()).toMatch(/history of every complaint .* is kept/)
      await page.screenshot({ path: screenshotPath('scoring-publish-confirm.png') })
      await confirm.getByRole('button', { name: 'Cancel' }).click()
      await confirm.waitFor({ state: 'detached' })
      expect(await isFocused(page.getByTestId('publish-submit'))).toBe(true)
      await page.getByTestId('publish-submit').click()
      await confirm.getByRole('button', { name: 'Publish priority-4' }).click()
      await confirm.waitFor({ state: 'detached' })

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

/**
 * The escalation cues as a form: a bad pattern is refused in its row by the validator the
 * server runs, the sample box shows what each cue matches (as text, never HTML), and a cue
 * added stays in the draft saved.
 */
async function editCues(page: Page) {
  const rows = page.getByTestId('cue-row')
  expect(await rows.count()).toBe(4)
  await page.getByTestId('cue-add').click()
  const added = rows.nth(4)
  expect(await isFocused(added.getByTestId('cue-key'))).toBe(true)
  await added.getByTestId('cue-key').fill('outage')
  await added.getByTestId('cue-label').fill('Outage')
  await added.getByTestId('cue-pattern').fill('(?=down)down')
  await added.getByText(/lookarounds and backreferences are not available/).waitFor()
  // On a phone the rows fold to fit, message and all.
  const size = page.viewportSize()!
  await page.setViewportSize(PHONE_VIEWPORT)
  await added.scrollIntoViewIfNeeded()
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(PHONE_VIEWPORT.width)
  await page.screenshot({ path: screenshotPath('scoring-cues-phone.png') })
  await page.setViewportSize(size)
  await added.getByTestId('cue-pattern').fill('\\b(down|outage)\\b')
  await added.getByTestId('cue-severity').fill('0.4')
  expect(await added.locator('.field-error').count()).toBe(0)

  await page
    .getByTestId('cue-sample')
    .fill('Site is DOWN again. <b>My lawyer</b> will sue. <img src=x onerror="alert(1)">')
  const tester = page.getByTestId('cue-tester')
  const legal = tester.getByTestId('cue-result').filter({ hasText: 'Legal threat' })
  expect(await legal.getAttribute('data-matched')).toBe('true')
  expect(await legal.locator('mark').allTextContents()).toEqual(['lawyer', 'sue'])
  const outage = tester.getByTestId('cue-result').filter({ hasText: 'Outage' })
  expect(await outage.locator('mark').allTextContents()).toEqual(['DOWN'])
  const cancel = tester.getByTestId('cue-result').filter({ hasText: 'Cancel or boycott' })
  expect(await cancel.getAttribute('data-matched')).toBe('false')
  expect(await tester.getByTestId('cue-sample-marked').locator('mark').allTextContents()).toEqual([
    'DOWN',
    'lawyer',
    'sue',
  ])
  expect(await tester.getByTestId('cue-verdict').textContent()).toMatch(/Legal threat.* 1\./)
  expect(await tester.locator('b, img').count()).toBe(0)
  await page.getByTestId('cue-editor').screenshot({ path: screenshotPath('scoring-cues.png') })

  // A key used twice is marked in its row; removing the row hands focus to Add cue.
  await page.getByTestId('cue-add').click()
  await rows.nth(5).getByTestId('cue-key').fill('legal')
  await rows.nth(5).getByText('Another cue has this key').waitFor()
  await rows.nth(5).getByTestId('cue-remove').click()
  expect(await rows.count()).toBe(5)
  expect(await isFocused(page.getByTestId('cue-add'))).toBe(true)
}

const isFocused = (locator: Locator) =>
  locator.evaluate(
    (el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement,
  )
