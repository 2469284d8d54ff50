import { describe, expect, it } from 'vitest'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { axeViolations } from '../support/axe.js'
import { launchBrowser, pageWidth, PHONE_VIEWPORT, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand, makePost } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'
import { waitForAnalysis } from '../support/wait.js'

const firebreak = firebreakForFile(['--no-demo'])

const HOUR = 3_600_000
/** Not UTC, so that a range typed in local time and sent as UTC is checked, not assumed. */
const ZONE = 'Asia/Kolkata'
const ZONE_OFFSET = 5.5 * HOUR

/** What a datetime-local input in ZONE shows for an instant. */
const localInput = (ms: number) => new Date(ms + ZONE_OFFSET).toISOString().slice(0, 16)
/** The chip's words for an instant, as the page (en-GB, ZONE) writes them. */
const chipTime = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    timeZone: ZONE,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })

describe('The inbox: bulk snooze and a custom time range', () => {
  it('snoozes a selection through the snooze picker; a custom range is checked, lives in the address and survives a reload', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    const now = Date.now()
    // Thread i was last active i*3 h + 30 min ago: 0.5 h, 3.5 h, ... 21.5 h.
    const posts = Array.from({ length: 8 }, (_, i) =>
      makePost({
        threadId: `t${i}`,
        externalId: `t${i}-root`,
        text: `Kredo dropped my score overnight and support will not answer, case ${i}. Terrible.`,
        postedAt: new Date(now - i * 3 * HOUR - HOUR / 2).toISOString(),
        author: { externalId: `a${i}`, handle: `person${i}.example`, followers: 50_000 - i * 1000 },
      }),
    )
    const ingested = await ingestPosts(t.ctx, { brandId: brand.id, channel: 'import', posts })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    const adviser = await makeUser(t.ctx, 'adviser', { name: 'Ada Adviser' })
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({
        viewport: { width: 1280, height: 860 },
        timezoneId: ZONE,
        locale: 'en-GB',
      })
      await signInThroughPage(page, server.url!, adviser.email, TEST_PASSWORD)
      await page.goto(`${server.url}/inbox?brand=${brand.slug}&view=open`)
      const rows = page.getByTestId('inbox-row')
      const handles = async () =>
        (await page.locator('[data-testid="inbox-row"] .inbox-handle').allTextContents()).sort()
      await rows.nth(7).waitFor()

      // Bulk snooze: three rows selected, the same picker `z` opens, each leaves the view.
      for (const i of [0, 1, 2])
        await page
          .getByRole('checkbox', { name: `Select complaint by @person${i}.example` })
          .check()
      const bar = page.getByTestId('bulk-bar')
      expect(await bar.textContent()).toContain('3 selected')
      await page.setViewportSize(PHONE_VIEWPORT)
      expect(await pageWidth(page)).toBe(PHONE_VIEWPORT.width)
      await bar.screenshot({ path: screenshotPath('inbox-bulk-bar-phone.png') })
      await page.setViewportSize({ width: 1280, height: 860 })
      await bar.getByRole('button', { name: 'Snooze…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Snooze 3 complaints until' })
      await dialog.waitFor()
      await page.screenshot({ path: screenshotPath('inbox-bulk-snooze.png') })
      expect(await axeViolations(page)).toEqual([])
      await dialog.getByRole('radio', { name: 'Tomorrow 9:00' }).check()
      await dialog.getByRole('button', { name: 'Snooze' }).click()
      await expect
        .poll(() => page.getByTestId('inbox-notice').textContent(), { timeout: 5_000 })
        .toBe('Snoozed 3 complaints')
      await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(5)
      expect(await bar.count()).toBe(0)
      const count = (view: string) => page.getByTestId(`view-${view}`).locator('.count')
      await expect.poll(() => count('snoozed').textContent(), { timeout: 5_000 }).toBe('3')
      expect(await count('open').textContent()).toBe('5')
      await page.getByTestId('view-snoozed').click()
      await expect
        .poll(handles, { timeout: 5_000 })
        .toEqual(['@person0.example', '@person1.example', '@person2.example'])

      // A custom range: typed backwards it is refused in place, and nothing changes.
      await page.getByTestId('view-open').click()
      await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(5)
      const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000
      const from = minute(now - 16 * HOUR)
      const to = minute(now - 11 * HOUR)
      await page.getByTestId('range-select').selectOption('custom')
      await page.getByTestId('range-from').fill(localInput(to))
      await page.getByTestId('range-to').fill(localInput(from))
      await page.getByRole('button', { name: 'Apply' }).click()
      expect(await page.getByTestId('range-error').textContent()).toBe('From must be before To.')
      expect(await page.getByTestId('range-from').getAttribute('aria-invalid')).toBe('true')
      expect(new URL(page.url()).searchParams.has('from')).toBe(false)
      await page.screenshot({ path: screenshotPath('inbox-range-error.png') })

      // Typed the right way round: the address carries it, the list obeys it, a chip says it.
      await page.getByTestId('range-from').fill(localInput(from))
      await page.getByTestId('range-to').fill(localInput(to))
      await page.getByRole('button', { name: 'Apply' }).click()
      const fromIso = new Date(from).toISOString()
      const toIso = new Date(to).toISOString()
      const chipText = `Active ${chipTime(fromIso)} – ${chipTime(toIso)}`
      const shown = async () => {
        const search = new URL(page.url()).searchParams
        expect(search.get('from')).toBe(fromIso)
        expect(search.get('to')).toBe(toIso)
        await expect
          .poll(handles, { timeout: 5_000 })
          .toEqual(['@person4.example', '@person5.example'])
        expect(await page.getByTestId('range-chip').textContent()).toBe(chipText)
        expect(await page.getByTestId('range-select').inputValue()).toBe('custom')
      }
      await shown()
      await page.screenshot({ path: screenshotPath('inbox-range.png') })
      expect(await axeViolations(page)).toEqual([])
      await page.reload()
      await shown()

      // On a phone: the chip, and the form it opens, stay inside the window.
      await page.setViewportSize(PHONE_VIEWPORT)
      expect(await pageWidth(page)).toBe(PHONE_VIEWPORT.width)
      // On a phone the filters fold behind one button that says how many are set.
      const toggle = page.getByTestId('filters-toggle')
      expect(await toggle.textContent()).toBe('Filters · 1')
      expect(await page.getByTestId('range-chip').isVisible()).toBe(false)
      await page.screenshot({ path: screenshotPath('inbox-filters-folded-phone.png') })
      await toggle.click()
      await page
        .getByTestId('range-chip')
        .getByRole('button', { name: /^Active/ })
        .click()
      expect(await page.getByTestId('range-from').inputValue()).toBe(localInput(from))
      expect(await pageWidth(page)).toBe(PHONE_VIEWPORT.width)
      await page.screenshot({ path: screenshotPath('inbox-range-phone.png'), fullPage: true })
      expect(await axeViolations(page)).toEqual([])
      await page.getByRole('button', { name: 'Cancel' }).click()
      await page.getByRole('button', { name: 'Clear the time range' }).click()
      await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(5)
      expect(new URL(page.url()).searchParams.has('to')).toBe(false)
    } finally {
      await browser.close()
    }
  })
})
