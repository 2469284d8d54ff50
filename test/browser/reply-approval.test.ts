import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setReplyApproval } from '../../server/domain/brands/set-reply-approval.js'
import { makeUser, signIn, TEST_PASSWORD } from '../support/auth.js'
import { axeViolations } from '../support/axe.js'
import {
  launchBrowser,
  pageWidth,
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

describe('Approving replies', () => {
  it('an agent sends a held reply; an adviser sees it live, sends it back; the agent reads the comment and resubmits; the adviser approves; the PDS holds one post', async () => {
    const { t, server } = firebreak
    const adminUser = await makeUser(t.ctx, 'admin', { name: 'Ada Admin' })
    const adviserUser = await makeUser(t.ctx, 'adviser', { name: 'Vera Adviser' })
    const agentUser = await makeUser(t.ctx, 'agent', { name: 'Bo Agent' })
    const { brand, complaint } = await complaintOn(t.ctx, 'bluesky', {
      fake: bluesky,
      adminId: adminUser.id,
    })
    const browser = await launchBrowser()
    try {
      // The adviser sets the rule in brand settings: Bo's replies need approval.
      const adviser = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await signInThroughPage(adviser, server.url!, adviserUser.email, TEST_PASSWORD)
      await adviser.goto(`${server.url}/admin/brand?brand=${brand.slug}`)
      const settings = adviser.getByTestId('approval-settings')
      await settings.waitFor()
      await adviser.getByTestId('approval-mode-agents').check()
      await settings.getByRole('checkbox', { name: /Bo Agent/ }).check()
      await settings.screenshot({ path: screenshotPath('approval-settings.png') })
      const ruled = adviser.waitForResponse((r) => r.url().endsWith('/reply-approval'))
      await adviser.getByTestId('approval-save').click()
      expect((await ruled).status()).toBe(200)
      await settings.getByText('Saved.').waitFor()
      expect(await axeViolations(adviser)).toEqual([])

      // The adviser's queue is open and empty.
      await adviser.getByTestId('nav-approvals').click()
      await adviser.getByTestId('approvals-empty').waitFor()

      // The agent writes a reply: it waits for approval.
      const agent = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await signInThroughPage(agent, server.url!, agentUser.email, TEST_PASSWORD)
      await agent.goto(`${server.url}/inbox?brand=${brand.slug}&view=open&c=${complaint.id}`)
      const first = 'We never lose data. <b>Never</b>.'
      await agent.getByTestId('reply-input').fill(first)
      // Said before sending, by the same rule the server applies: Bo's replies are held.
      expect(await agent.getByTestId('reply-approval-note').textContent()).toBe(
        'An adviser approves this reply before it goes out: your replies need approval',
      )
      expect(await agent.getByTestId('reply-send').textContent()).toBe('Send for approval')
      await agent
        .getByTestId('reply-composer')
        .screenshot({ path: screenshotPath('reply-composer-held.png') })
      await agent.getByTestId('reply-send').click()
      await agent
        .locator('[data-testid="reply-state"][data-state="awaiting_approval"]')
        .waitFor({ timeout: 10_000 })
      expect(await agent.getByTestId('reply-state').textContent()).toBe('Waiting for approval')

      // Live on the adviser's console: the item, with its text as text, and the nav badge.
      const item = adviser.getByTestId('approval-item')
      await item.waitFor({ timeout: 10_000 })
      expect(await item.getByTestId('approval-text').textContent()).toBe(first)
      expect(await item.locator('b').count()).toBe(0)
      expect(await item.textContent()).toContain('by Bo Agent')
      await expect
        .poll(() => adviser.getByTestId('approvals-badge').textContent(), { timeout: 10_000 })
        .toMatch(/^1/)
      await adviser.screenshot({ path: screenshotPath('approval-queue.png'), fullPage: true })
      expect(await axeViolations(adviser)).toEqual([])
      await adviser.setViewportSize(PHONE_VIEWPORT)
      expect(await pageWidth(adviser)).toBeLessThanOrEqual(PHONE_VIEWPORT.width)
      await adviser.setViewportSize({ width: 1440, height: 900 })
      await screenshotAsPhone(adviser, 'approval-queue-phone.png')

      // Sent back with a comment, from the keyboard: focus the item, `b`, type, Ctrl+Enter.
      await item.focus()
      await adviser.keyboard.press('b')
      const comment = adviser.getByTestId('approval-comment')
      await comment.waitFor()
      expect(await comment.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)
      await comment.fill('Do not promise "never"; say what we are doing.')
      await adviser.screenshot({
        path: screenshotPath('approval-queue-return.png'),
        fullPage: true,
      })
      await adviser.getByTestId('approval-return-confirm').click()
      await adviser.getByTestId('approvals-empty').waitFor()
      expect(bluesky.posts.filter((p) => p.text === first)).toHaveLength(0)

      // The agent sees the comment live, edits and submits again.
      const review = agent.getByTestId('reply-review-comment')
      await review.waitFor({ timeout: 10_000 })
      expect(await review.textContent()).toBe('Do not promise "never"; say what we are doing.')
      await agent
        .getByTestId('reply-returned')
        .screenshot({ path: screenshotPath('reply-returned.png') })
      expect(await axeViolations(agent)).toEqual([])
      await screenshotAsPhone(agent, 'reply-returned-phone.png')
      // Beside Submit again, the writer may drop it instead.
      expect(await agent.getByTestId('reply-discard').textContent()).toBe('Discard')
      const second = 'We are restoring your history today, and will tell you when it is back.'
      await agent.getByTestId('reply-resubmit-text').fill(second)
      await agent.getByTestId('reply-resubmit').click()
      await agent
        .locator('[data-testid="reply-state"][data-state="awaiting_approval"]')
        .waitFor({ timeout: 10_000 })

      // Back in the queue, live; the adviser approves and it is delivered once.
      await expect
        .poll(() => adviser.getByTestId('approval-text').textContent(), { timeout: 10_000 })
        .toBe(second)
      expect(await adviser.getByTestId('approval-item').textContent()).toContain(
        'Resubmitted after Vera Adviser sent it back',
      )
      // From the keyboard: a approves the item in focus.
      await adviser.locator('body').click({ position: { x: 5, y: 400 } })
      await adviser.getByTestId('approval-item').focus()
      await adviser.keyboard.press('a')
      await adviser.getByTestId('approvals-empty').waitFor()
      await agent
        .locator('[data-testid="reply-state"][data-state="sent"]')
        .waitFor({ timeout: 15_000 })
      expect(bluesky.posts.filter((p) => p.text === second)).toHaveLength(1)
      expect(bluesky.posts.filter((p) => p.text === first)).toHaveLength(0)
      expect(await adviser.getByTestId('approvals-badge').count()).toBe(0)
    } finally {
      await browser.close()
    }
  })

  it('an adviser cannot approve their own reply: the queue says so, and a second adviser sees a taken item go', async () => {
    const { t, server } = firebreak
    const adminUser = await makeUser(t.ctx, 'admin')
    const one = await makeUser(t.ctx, 'adviser', { name: 'Una Adviser' })
    const two = await makeUser(t.ctx, 'adviser', { name: 'Dos Adviser' })
    const { brand, complaint } = await complaintOn(t.ctx, 'bluesky', {
      fake: bluesky,
      adminId: adminUser.id,
    })
    await setReplyApproval(t.ctx, {
      brandId: brand.id,
      rule: { mode: 'all' },
      actorId: adminUser.id,
      ip: null,
    })
    const browser = await launchBrowser()
    try {
      const pages = await Promise.all(
        [one, two].map(async (u) => {
          const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
          await signInThroughPage(page, server.url!, u.email, TEST_PASSWORD)
          await page.goto(`${server.url}/approvals?brand=${brand.slug}`)
          await page.getByTestId('approvals-empty').waitFor()
          return page
        }),
      )
      const [unaPage, dosPage] = pages as [Page, Page]
      const una = await signIn(server.url!, one)
      const res = (
        await una.post(`/api/complaints/${complaint.id}/replies`, { text: 'Written by Una' })
      ).status
      expect(res).toBe(202)
      await unaPage.getByTestId('approval-own').waitFor({ timeout: 10_000 })
      expect(await unaPage.getByTestId('approval-approve').count()).toBe(0)
      // The thread and the queue lead to each other.
      await dosPage.getByRole('link', { name: 'Open the thread' }).click()
      await dosPage
        .locator('[data-testid="reply-state"][data-state="awaiting_approval"]')
        .waitFor({ timeout: 10_000 })
      await dosPage.getByRole('link', { name: 'Review it in Approvals' }).click()
      await dosPage.getByTestId('approval-approve').click()
      await unaPage.getByTestId('approvals-empty').waitFor({ timeout: 10_000 })
      await dosPage.getByTestId('approvals-empty').waitFor()
    } finally {
      await browser.close()
    }
  })
})
