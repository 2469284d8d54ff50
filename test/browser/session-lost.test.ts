import { describe, expect, it } from 'vitest'
import type { AppContext } from '../../server/context.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, screenshotAsPhone, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand, makePost } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'
import { waitForAnalysis } from '../support/wait.js'

const firebreak = firebreakForFile(['--no-demo'])

const REASON = 'The Tech Daily journalist asked again; draft nothing until legal has read it.'
const SESSION_ENDED =
  'Your session has ended The server no longer knows it (it may have restarted). Sign in again to carry on; what you were typing is kept.'

/**
 * What a Redis that lost its data (no persistence, restarted) does to sessions: every key of
 * every session is gone at once. Keys as server/auth/sessions.ts lays them out.
 */
async function forgetEverySession(ctx: AppContext): Promise<number> {
  let forgotten = 0
  let cursor = '0'
  do {
    const [next, keys] = await ctx.redis.scan(
      cursor,
      'MATCH',
      `${ctx.config.queuePrefix}:session*`,
      'COUNT',
      500,
    )
    cursor = next
    if (keys.length) forgotten += await ctx.redis.del(...keys)
  } while (cursor !== '0')
  return forgotten
}

describe('a console whose session vanished', () => {
  it('keeps what was typed behind a sign-in dialog, and carries on once the same person signs in again', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    const ingested = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: [
        makePost({
          threadId: 'lost',
          externalId: 'lost-root',
          text: 'Kredo dropped my score overnight and support will not answer. Terrible.',
          author: { externalId: 'lost', handle: 'lost.example', displayName: 'Lee Lost' },
        }),
      ],
    })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    const adviser = await makeUser(t.ctx, 'adviser', { name: 'Ada Adviser' })
    const viewer = await makeUser(t.ctx, 'viewer')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({
        viewport: { width: 1280, height: 860 },
        reducedMotion: 'reduce',
      })
      await signInThroughPage(page, server.url!, adviser.email, TEST_PASSWORD)
      await page.goto(`${server.url}/?brand=${brand.slug}`)
      const connection = page.getByTestId('connection-status')
      await expect.poll(() => connection.getAttribute('data-state')).toBe('live')
      const row = page.locator('[data-testid="complaint-row"]', { hasText: 'lost.example' })
      await row.getByRole('button', { name: 'Why this priority?' }).click()
      const panel = row.getByTestId('pick-panel')
      await panel.getByTestId('pick-reason').fill(REASON)

      // Redis forgets every session; the adviser, unaware, submits.
      expect(await forgetEverySession(t.ctx)).toBeGreaterThan(0)
      await panel.getByTestId('pick-submit').click()

      const dialog = page.getByTestId('session-lost-dialog')
      await dialog.waitFor()
      expect((await dialog.innerText()).replace(/\s+/g, ' ')).toContain(SESSION_ENDED)
      expect(await dialog.getByTestId('sign-in-email').inputValue()).toBe(adviser.email)
      // The console is still there behind it, inert, with the reason as typed.
      expect(await page.locator('.app-frame').getAttribute('inert')).not.toBeNull()
      expect(await panel.getByTestId('pick-reason').inputValue()).toBe(REASON)
      // Focus is in the dialog (on the password, the email being known), and Escape does not
      // dismiss it: there is nothing behind it to use without a session.
      const focused = (el: { ownerDocument: { activeElement: unknown } }) =>
        el === el.ownerDocument.activeElement
      expect(await dialog.getByTestId('sign-in-password').evaluate(focused)).toBe(true)
      await page.keyboard.press('Escape')
      await page.keyboard.press('Escape')
      expect(await dialog.isVisible()).toBe(true)
      await page.keyboard.press('Tab')
      await page.keyboard.press('Tab')
      await page.keyboard.press('Tab')
      expect(await dialog.evaluate((d) => d.contains(d.ownerDocument.activeElement))).toBe(true)
      await page.screenshot({ path: screenshotPath('session-lost-dialog.png') })
      await screenshotAsPhone(page, 'session-lost-dialog-phone.png', { fullPage: false })

      // The server drops the live feed's socket too (its session is gone): the indicator says so.
      await expect
        .poll(() => connection.getAttribute('data-state'), { timeout: 45_000 })
        .not.toBe('live')

      // The same adviser signs in again: the dialog closes and the console carries on.
      await dialog.getByTestId('sign-in-password').fill(TEST_PASSWORD)
      await dialog.getByTestId('sign-in-submit').click()
      await dialog.waitFor({ state: 'detached' })
      expect(await page.locator('.app-frame').getAttribute('inert')).toBeNull()
      expect(await panel.getByTestId('pick-reason').inputValue()).toBe(REASON)
      expect(await panel.textContent()).toContain('Your session had ended, so this was not done.')
      await expect
        .poll(() => connection.getAttribute('data-state'), { timeout: 15_000 })
        .toBe('live')
      await page.screenshot({ path: screenshotPath('session-lost-resumed.png') })

      await panel.getByTestId('pick-submit').click()
      await panel.getByTestId('pick-summary').waitFor()
      expect(await panel.getByTestId('pick-reason-text').textContent()).toBe(REASON)
      expect(await panel.getByTestId('pick-summary').textContent()).toMatch(/Picked by Ada Adviser/)

      // Someone else signing in over a lost console gets a console of their own: nothing of
      // the adviser's is left on screen.
      await page
        .locator('[data-testid="complaint-row"]', { hasText: 'lost.example' })
        .getByTestId('unpick')
        .waitFor()
      await forgetEverySession(t.ctx)
      await page.getByTestId('unpick').click()
      await dialog.waitFor()
      await dialog.getByTestId('sign-in-email').fill(viewer.email)
      await dialog.getByTestId('sign-in-password').fill(TEST_PASSWORD)
      await dialog.getByTestId('sign-in-submit').click()
      await dialog.waitFor({ state: 'detached' })
      await expect
        .poll(() => page.getByTestId('user-menu').getAttribute('data-role'))
        .toBe('viewer')
      expect(await page.getByTestId('pick-panel').count()).toBe(0)
      expect(await page.getByTestId('unpick').count()).toBe(0)

      // Signing out on purpose still leads to the sign-in page, with no console behind it.
      await page.getByTestId('user-menu').click()
      await page.getByTestId('sign-out').click()
      await page.getByText('You are signed out.').waitFor()
      expect(await page.getByTestId('session-lost-dialog').count()).toBe(0)
      expect(await page.getByTestId('complaint-row').count()).toBe(0)
    } finally {
      await browser.close()
    }
  }, 120_000)
})
