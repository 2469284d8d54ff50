import { and, eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replies } from '../../server/db/schema.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { axeViolations } from '../support/axe.js'
import { expectFitsPhone, launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { FakeBluesky } from '../support/fake-networks.js'
import { firebreakForFile } from '../support/processes.js'
import { complaintOn, FAKE_CREDENTIALS } from '../support/replies.js'

// The fake PDS listens on loopback, which the SSRF guard refuses unless allowed.
const firebreak = firebreakForFile(['--no-demo'], {
  SSRF_ALLOWLIST: '127.0.0.1',
  REPLY_POLL_MS: '100',
})
const bluesky = new FakeBluesky()
beforeAll(() => bluesky.start())
afterAll(() => bluesky.close())

describe('Replying from the console', () => {
  it('an admin sets the Bluesky reply account; an agent writes within the limit, sends, and sees it sent live; the complaint waits; the PDS holds one post', async () => {
    const { t, server } = firebreak
    const adminUser = await makeUser(t.ctx, 'admin', { name: 'Ada Admin' })
    const agentUser = await makeUser(t.ctx, 'agent', { name: 'Bo Agent' })
    const { brand, complaint, lead } = await complaintOn(t.ctx, 'bluesky', {
      adminId: adminUser.id,
    })
    const threadUrl = `${server.url}/inbox?brand=${brand.slug}&view=open&c=${complaint.id}`
    const browser = await launchBrowser()
    try {
      // Without an account, the admin's composer says so and leads to where it is set.
      const admin = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await signInThroughPage(admin, server.url!, adminUser.email, TEST_PASSWORD)
      await admin.goto(threadUrl)
      const composer = (page: Page) => page.getByTestId('reply-composer')
      await composer(admin)
        .getByText(/no Bluesky reply account with credentials/)
        .waitFor()
      await composer(admin).screenshot({ path: screenshotPath('reply-composer-no-account.png') })
      expect(await axeViolations(admin)).toEqual([])
      await admin.getByTestId('reply-accounts-link').click()
      const card = admin.getByTestId('reply-accounts')
      await card.waitFor()
      expect(await card.getByTestId('reply-account-bluesky').textContent()).toMatch(/Not set/)
      await card.getByRole('button', { name: 'Set up the Bluesky reply account' }).click()
      await admin.getByTestId('reply-account-handle').fill('kredo.bsky.example')
      await admin.getByTestId('reply-account-base-url').fill(bluesky.url)
      await admin.getByTestId('reply-account-identifier').fill(FAKE_CREDENTIALS.bluesky.identifier!)
      await admin
        .getByTestId('reply-account-appPassword')
        .fill(FAKE_CREDENTIALS.bluesky.appPassword!)
      await card.screenshot({ path: screenshotPath('reply-accounts-form.png') })
      const saved = admin.waitForResponse((r) => r.url().endsWith('/reply-accounts/bluesky'))
      await admin.getByTestId('reply-account-save').click()
      expect((await saved).status()).toBe(200)
      const row = card.getByTestId('reply-account-bluesky')
      await row.getByText('Credentials set').waitFor()
      // Write-only: the page holds no credential once saved.
      expect(await admin.content()).not.toContain(FAKE_CREDENTIALS.bluesky.appPassword)
      await card.screenshot({ path: screenshotPath('reply-accounts-card.png') })
      expect(await axeViolations(admin)).toEqual([])
      await expectFitsPhone(admin, 'reply-accounts-phone.png')

      // The agent opens the complaint and writes to its author.
      const agent = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await signInThroughPage(agent, server.url!, agentUser.email, TEST_PASSWORD)
      await agent.goto(threadUrl)
      await composer(agent).waitFor()
      // Addressed to the author (the thread's heading) on their network.
      const author = await agent.locator('#thread-title').textContent()
      expect(author).toMatch(/^@\S+$/)
      expect(await agent.getByTestId('reply-to').textContent()).toBe(
        `Replying to ${author} on Bluesky`,
      )
      const input = agent.getByTestId('reply-input')
      const send = agent.getByTestId('reply-send')
      const counter = agent.getByTestId('reply-counter')
      // A family emoji is one grapheme to Bluesky: 301 of them is one too many.
      await input.fill('👨‍👩‍👧‍👦'.repeat(301))
      expect(await counter.textContent()).toBe('301 / 300 graphemes · 1 too many')
      expect(await send.isDisabled()).toBe(true)
      await agent.getByTestId('reply-over').waitFor()
      await composer(agent).screenshot({ path: screenshotPath('reply-composer-over.png') })
      const text =
        'Sorry about your score, @someone.example. We fixed it: https://kredo.example/help <b>ok</b>'
      await input.fill(text)
      expect(await counter.textContent()).toMatch(/^\d+ \/ 300 graphemes$/)
      expect(await send.isEnabled()).toBe(true)
      // Rendered as text: the markup is shown, not made.
      expect(await agent.getByTestId('reply-preview').textContent()).toContain('<b>ok</b>')
      await composer(agent).screenshot({ path: screenshotPath('reply-composer.png') })
      expect(await axeViolations(agent)).toEqual([])
      await expectFitsPhone(agent, 'reply-composer-phone.png')

      await send.click()
      const state = agent.getByTestId('reply-state')
      await agent.locator('[data-testid="reply-state"][data-state="sent"]').waitFor({
        timeout: 15_000,
      })
      expect(await state.count()).toBe(1)
      const link = agent.getByTestId('reply-link')
      expect(await link.getAttribute('href')).toBe(bluesky.posts[0]!.url)
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer')
      await expect
        .poll(() => agent.getByTestId('state-badge').first().textContent(), { timeout: 5_000 })
        .toBe('Waiting')
      expect(await input.inputValue()).toBe('')
      expect(bluesky.posts).toHaveLength(1)
      expect(bluesky.posts[0]!.text).toBe(text)
      expect(bluesky.posts[0]!.inReplyTo).toBe(lead.externalId)
      await agent.screenshot({ path: screenshotPath('reply-thread-sent.png'), fullPage: true })
      expect(await axeViolations(agent)).toEqual([])
      await expectFitsPhone(agent, 'reply-thread-sent-phone.png')
    } finally {
      await browser.close()
    }
  })

  it("shows a refused reply with the network's words and a Retry that sends it; an unknown one is sent again only once someone checked", async () => {
    const { t, server } = firebreak
    const adminUser = await makeUser(t.ctx, 'admin')
    const agentUser = await makeUser(t.ctx, 'agent', { name: 'Cy Agent' })
    const { brand, complaint } = await complaintOn(t.ctx, 'bluesky', {
      fake: bluesky,
      adminId: adminUser.id,
    })
    const before = bluesky.posts.length
    const browser = await launchBrowser()
    try {
      const agent = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await signInThroughPage(agent, server.url!, agentUser.email, TEST_PASSWORD)
      await agent.goto(`${server.url}/inbox?brand=${brand.slug}&view=open&c=${complaint.id}`)
      const stateIs = (state: string) =>
        agent.locator(`[data-testid="reply-state"][data-state="${state}"]`)

      bluesky.next({
        status: 400,
        body: { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record' },
      })
      await agent.getByTestId('reply-input').fill('We are on it.')
      await agent.getByTestId('reply-send').click()
      await stateIs('failed').waitFor({ timeout: 15_000 })
      const entry = agent.getByTestId('thread-reply')
      expect(await entry.textContent()).toMatch(/Invalid app\.bsky\.feed\.post record/)
      await entry.screenshot({ path: screenshotPath('reply-failed.png') })
      expect(await axeViolations(agent)).toEqual([])
      await entry.getByRole('button', { name: 'Retry' }).click()
      await stateIs('sent').waitFor({ timeout: 15_000 })
      expect(bluesky.posts.length).toBe(before + 1)

      // An attempt whose answer was lost: never resent unless a person checked.
      bluesky.next({ status: 400, body: { error: 'InvalidRequest', message: 'Try later' } })
      await agent.getByTestId('reply-input').fill('One more thing.')
      await agent.getByTestId('reply-send').click()
      await stateIs('failed').waitFor({ timeout: 15_000 })
      await t.ctx.db
        .update(replies)
        .set({ state: 'unknown', lastError: 'The connection dropped after the request went out' })
        .where(and(eq(replies.complaintId, complaint.id), eq(replies.state, 'failed')))
      await agent.reload()
      await stateIs('unknown').waitFor()
      expect(await agent.getByTestId('thread-reply').textContent()).toMatch(
        /may or may not have been published/,
      )
      await agent
        .getByTestId('thread-reply')
        .screenshot({ path: screenshotPath('reply-unknown.png') })
      expect(await axeViolations(agent)).toEqual([])
      await expectFitsPhone(agent, 'reply-unknown-phone.png')
      const retried = agent.waitForRequest((r) => r.url().endsWith('/retry'))
      await agent.getByRole('button', { name: 'Checked, not published — send again' }).click()
      expect((await retried).postDataJSON()).toEqual({ checkedNotPublished: true })
      await expect.poll(() => stateIs('sent').count(), { timeout: 15_000 }).toBe(2)
      expect(bluesky.posts.length).toBe(before + 2)
    } finally {
      await browser.close()
    }
  })
})
