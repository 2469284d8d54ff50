import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCannedResponse } from '../../server/domain/canned/canned-responses.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { axeViolations } from '../support/axe.js'
import {
  launchBrowser,
  PHONE_VIEWPORT,
  screenshotAsPhone,
  screenshotPath,
} from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { FakeBluesky } from '../support/fake-networks.js'
import { firebreakForFile } from '../support/processes.js'
import { complaintOn } from '../support/replies.js'

// The fake PDS listens on loopback, which the SSRF guard refuses unless allowed.
const firebreak = firebreakForFile(['--no-demo'], {
  SSRF_ALLOWLIST: '127.0.0.1',
  REPLY_POLL_MS: '100',
})
const bluesky = new FakeBluesky()
beforeAll(() => bluesky.start())
afterAll(() => bluesky.close())

describe('Canned responses and drafts', () => {
  it('an adviser writes a canned response; an agent inserts it with Ctrl+/ and the picker, filled; the draft survives a reload; a colleague sees "Draft by" live until it is sent', async () => {
    const { t, server } = firebreak
    const adminUser = await makeUser(t.ctx, 'admin', { name: 'Ada Admin' })
    const adviserUser = await makeUser(t.ctx, 'adviser', { name: 'Cleo Adviser' })
    const anaUser = await makeUser(t.ctx, 'agent', { name: 'Ana Agent' })
    const danUser = await makeUser(t.ctx, 'agent', { name: 'Dan Agent' })
    const { brand, complaint } = await complaintOn(t.ctx, 'bluesky', {
      fake: bluesky,
      adminId: adminUser.id,
    })
    await createCannedResponse(t.ctx.db, {
      brandId: brand.id,
      body: {
        title: 'Thanks for waiting',
        body: 'Thanks for waiting, {{author.name}}.',
        shortcut: 'thanks',
      },
      actorId: adviserUser.id,
      ip: null,
    })
    const threadUrl = `${server.url}/inbox?brand=${brand.slug}&view=open&c=${complaint.id}`
    const browser = await launchBrowser()
    try {
      // The adviser adds a canned response in the brand's settings; an unknown variable is named.
      const adviser = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      await signInThroughPage(adviser, server.url!, adviserUser.email, TEST_PASSWORD)
      await adviser.goto(`${server.url}/admin/brand?brand=${brand.slug}`)
      const card = adviser.getByTestId('canned-responses')
      await card.getByTestId('canned-item').first().waitFor()
      await card.getByTestId('canned-add').click()
      await adviser.getByTestId('canned-title').fill('Apology, on it')
      await adviser.getByTestId('canned-body').fill('Write to {{author.email}}')
      await adviser.getByTestId('canned-shortcut').fill('sorry')
      await adviser.getByTestId('canned-save').click()
      await card
        .getByText(
          /\{\{author\.email\}\} is not a variable Firebreak fills; use \{\{author\.name\}\}/,
        )
        .waitFor()
      await card.screenshot({ path: screenshotPath('canned-card-error.png') })
      await adviser
        .getByTestId('canned-body')
        .fill('Hi {{author.name}} ({{author.handle}}), {{brand.name}} is looking into it now.')
      const created = adviser.waitForResponse((r) => r.url().endsWith('/canned-responses'))
      await adviser.getByTestId('canned-save').click()
      expect((await created).status()).toBe(201)
      await card.getByText('/sorry').waitFor()
      expect(await card.getByTestId('canned-item').count()).toBe(2)
      await card.screenshot({ path: screenshotPath('canned-card.png') })
      expect(await axeViolations(adviser)).toEqual([])

      // Dan has the thread open before Ana writes.
      const dan = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      await signInThroughPage(dan, server.url!, danUser.email, TEST_PASSWORD)
      await dan.goto(threadUrl)
      await dan.getByTestId('reply-composer').waitFor()
      expect(await dan.getByTestId('thread-drafts').count()).toBe(0)

      // Ana opens the picker with Ctrl+/, finds the apology fuzzily, and inserts it filled.
      const ana = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      await signInThroughPage(ana, server.url!, anaUser.email, TEST_PASSWORD)
      await ana.goto(threadUrl)
      const input = ana.getByTestId('reply-input')
      // Enabled once the brand's reply accounts are known.
      await ana.locator('[data-testid="reply-input"]:enabled').waitFor()
      const handle = (await ana.locator('#thread-title').textContent())!
      await input.focus()
      await ana.keyboard.press('Control+/')
      const picker = ana.getByTestId('canned-picker')
      await picker.waitFor()
      const search = ana.getByRole('combobox', { name: 'Insert a canned response' })
      expect(await search.evaluate((el) => el.matches(':focus'))).toBe(true)
      await ana.getByTestId('canned-option').nth(1).waitFor()
      await ana.keyboard.type('aplgy')
      await expect.poll(() => ana.getByTestId('canned-option').count()).toBe(1)
      const option = ana.getByTestId('canned-list').getByRole('option', { selected: true })
      expect(await option.textContent()).toContain('Apology, on it/sorry')
      const filled = `Hi Someone (${handle}), ${brand.name} is looking into it now.`
      // The variables are shown filled before anything is inserted.
      expect(await option.textContent()).toContain(filled)
      expect(await search.getAttribute('aria-activedescendant')).toBe(
        await option.getAttribute('id'),
      )
      await ana.keyboard.press('Backspace')
      await ana.keyboard.press('Backspace')
      await ana.keyboard.press('Backspace')
      await ana.keyboard.press('Backspace')
      await ana.keyboard.press('Backspace')
      await expect.poll(() => ana.getByTestId('canned-option').count()).toBe(2)
      await ana
        .getByTestId('reply-composer')
        .screenshot({ path: screenshotPath('canned-picker.png') })
      expect(await axeViolations(ana)).toEqual([])
      await ana.setViewportSize(PHONE_VIEWPORT)
      expect(
        await ana.evaluate<number>('document.documentElement.scrollWidth'),
      ).toBeLessThanOrEqual(PHONE_VIEWPORT.width)
      await screenshotAsPhone(ana, 'canned-picker-phone.png')
      await ana.setViewportSize({ width: 1280, height: 900 })
      // By title: Apology, Thanks for waiting. Down moves to the second, Up back to the first.
      await ana.keyboard.press('ArrowDown')
      expect(
        await ana.getByTestId('canned-list').getByRole('option', { selected: true }).textContent(),
      ).toContain('/thanks')
      await ana.keyboard.press('ArrowUp')
      await ana.keyboard.press('Enter')
      await picker.waitFor({ state: 'detached' })
      expect(await input.inputValue()).toBe(filled)
      expect(await ana.getByTestId('reply-preview').textContent()).toContain(filled)
      expect(await input.evaluate((el) => el.matches(':focus'))).toBe(true)

      // Saved as she types: Dan sees who drafts, live.
      await ana.locator('[data-testid="draft-status"][data-state="saved"]').waitFor()
      await ana
        .getByTestId('reply-composer')
        .screenshot({ path: screenshotPath('canned-inserted.png') })
      await dan
        .getByTestId('thread-drafts')
        .getByText(/^Draft by Ana Agent, /)
        .waitFor()
      expect(await dan.getByTestId('thread-drafts').textContent()).toMatch(
        /^Draft by Ana Agent, (just now|\d+s ago)$/,
      )
      await dan.screenshot({ path: screenshotPath('canned-draft-by.png') })
      expect(await axeViolations(dan)).toEqual([])

      // A reload restores it.
      await ana.reload()
      await ana.locator('[data-testid="draft-status"][data-state="restored"]').waitFor()
      expect(await ana.getByTestId('reply-input').inputValue()).toBe(filled)

      // A placeholder typed by hand is named, and the reply cannot go.
      await ana.getByTestId('reply-input').fill(`${filled} Mail {{author.email}}`)
      expect(await ana.getByTestId('reply-unfilled').textContent()).toContain(
        '{{author.email}} is not a variable Firebreak fills',
      )
      expect(await ana.getByTestId('reply-send').isDisabled()).toBe(true)
      await ana.getByTestId('reply-input').fill(filled)

      // Sent: the draft is gone, for her and for Dan.
      await ana.getByTestId('reply-send').click()
      await ana
        .locator('[data-testid="reply-state"][data-state="sent"]')
        .waitFor({ timeout: 15_000 })
      await dan.getByTestId('thread-drafts').waitFor({ state: 'detached' })
      expect(bluesky.posts.map((p) => p.text)).toEqual([filled])

      // `/` in an empty reply opens the picker too; Escape puts the `/` back.
      await ana.getByTestId('reply-input').focus()
      await ana.keyboard.type('/')
      await picker.waitFor()
      await ana.keyboard.type('thanks')
      // Enter once the search has narrowed the list to it (the list follows each key).
      await expect.poll(() => picker.getByTestId('canned-search').inputValue()).toBe('thanks')
      await picker
        .locator('[data-testid="canned-option"][aria-selected="true"]')
        .filter({ hasText: 'Thanks for waiting' })
        .waitFor()
      await ana.keyboard.press('Enter')
      await expect
        .poll(() => ana.getByTestId('reply-input').inputValue())
        .toBe('Thanks for waiting, Someone.')
      await ana.getByTestId('reply-input').fill('')
      await ana.keyboard.type('/')
      await picker.waitFor()
      await ana.keyboard.press('Escape')
      await picker.waitFor({ state: 'detached' })
      expect(await ana.getByTestId('reply-input').inputValue()).toBe('/')
      // Escape closed the picker only, not the thread.
      expect(await ana.getByTestId('thread').count()).toBe(1)

      // The shortcuts dialog lists the composer's keys.
      await ana.getByTestId('reply-input').fill('')
      await ana.locator('#thread-title').focus()
      await ana.keyboard.press('?')
      expect(await ana.getByTestId('composer-shortcuts').textContent()).toContain(
        'Insert a canned response',
      )
    } finally {
      await browser.close()
    }
  })
})
