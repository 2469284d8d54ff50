import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { promises } from '../../server/db/schema.js'
import { clockNow } from '../../server/lib/clock.js'
import { makeUser, signIn, TEST_PASSWORD } from '../support/auth.js'
import { axeViolations } from '../support/axe.js'
import { launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand } from '../support/factories.js'
import { FakeBluesky } from '../support/fake-networks.js'
import { firebreakForFile } from '../support/processes.js'
import { FAKE_CREDENTIALS } from '../support/replies.js'
import { deliverMention, WEBHOOK_MANIFEST } from '../support/webhook.js'

// The fake PDS listens on loopback, which the SSRF guard refuses unless allowed; the test clock
// lets the promise become overdue now; a quick housekeeping pass notices it soon.
const firebreak = firebreakForFile(['--no-demo'], {
  SSRF_ALLOWLIST: '127.0.0.1',
  REPLY_POLL_MS: '100',
  OUTBOX_SWEEP_MS: '500',
  FIREBREAK_TEST_CLOCK: '1',
})
const bluesky = new FakeBluesky()
beforeAll(() => bluesky.start())
afterAll(() => bluesky.close())

const secret = WEBHOOK_MANIFEST.secret
// Analyzer sentiments (firebreak-lr): the lead clearly negative, the follow-up clearly positive.
const LEAD = 'Kredo deleted my whole history overnight. This is outrageous and I want it back now.'
const THANKS = 'Thanks, that fixed it and my history is back. Really appreciate it!'
const PROMISE = ' We will restore your history by Friday.'

const replyIn = (page: Page, state: string) =>
  page.locator(`[data-testid="reply-state"][data-state="${state}"]`)

describe('The whole reply loop', () => {
  it('canned draft with a promise, held, approved live, delivered once, answered warmly (recovered), then the promise goes overdue and the adviser is told', async () => {
    const { t, server } = firebreak
    const adminUser = await makeUser(t.ctx, 'admin', { name: 'Ada Admin' })
    const adviserUser = await makeUser(t.ctx, 'adviser', { name: 'Vera Adviser' })
    const agentUser = await makeUser(t.ctx, 'agent', { name: 'Bo Agent' })
    const brand = await makeBrand(t.ctx)

    // Setup through the API, as the admin and the adviser would in the console.
    const admin = await signIn(server.url!, adminUser)
    const adviserApi = await signIn(server.url!, adviserUser)
    const source = await admin.post(`/api/brands/${brand.id}/sources/webhook`, {
      name: 'Listening tool',
      secret,
    })
    expect(source.status).toBe(201)
    const account = await admin.put(`/api/brands/${brand.id}/reply-accounts/bluesky`, {
      handle: 'kredo.bsky.example',
      baseUrl: bluesky.url,
      credentials: FAKE_CREDENTIALS.bluesky,
    })
    expect(account.status).toBe(200)
    const canned = await adviserApi.post(`/api/brands/${brand.id}/canned-responses`, {
      title: 'Sorry, history lost',
      body: 'Hi {{author.name}}, {{brand.name}} here: sorry about your history.',
      shortcut: 'history',
    })
    expect(canned.status).toBe(201)
    const rule = await adviserApi.put(`/api/brands/${brand.id}/reply-approval`, { mode: 'all' })
    expect(rule.status).toBe(200)

    const browser = await launchBrowser()
    try {
      // Two consoles: the agent's, and the adviser's with the queue and the thread in two tabs.
      const agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 } })
      const adviserContext = await browser.newContext({ viewport: { width: 1440, height: 900 } })
      const agent = await agentContext.newPage()
      await signInThroughPage(agent, server.url!, agentUser.email, TEST_PASSWORD)
      await agent.goto(`${server.url}/inbox?brand=${brand.slug}&view=open`)
      const queue = await adviserContext.newPage()
      await signInThroughPage(queue, server.url!, adviserUser.email, TEST_PASSWORD)
      await queue.goto(`${server.url}/approvals?brand=${brand.slug}`)
      await queue.getByTestId('approvals-empty').waitFor()

      // The complaint arrives by the signed webhook and shows in the agent's inbox live.
      const id = crypto.randomBytes(6).toString('hex')
      const author = { id: `did:plc:${id}`, handle: `rosa${id}.example`, display_name: 'Rosa' }
      const lead = `at://${author.id}/app.bsky.feed.post/${id}`
      const ingested = await deliverMention(server.url!, source.body.data.id, secret, {
        id: lead,
        source: 'bluesky',
        created_at: new Date().toISOString(),
        author: { ...author, followers: 800 },
        text: LEAD,
      })
      expect(ingested.status).toBe(202)
      const row = agent.getByTestId('inbox-row').filter({ hasText: author.handle })
      await row.waitFor({ timeout: 20_000 })
      await row.getByRole('button').first().click()
      await agent.getByTestId('reply-composer').waitFor()
      const threadUrl = agent.url()
      expect(new URL(threadUrl).searchParams.get('c')).toBeTruthy()

      // The adviser follows the same thread in a second tab.
      const adviser = await adviserContext.newPage()
      await adviser.goto(threadUrl)
      await adviser.getByTestId('reply-composer').waitFor()

      // The agent inserts the canned response with Ctrl+/ and the fuzzy picker, filled.
      const input = agent.getByTestId('reply-input')
      await agent.locator('[data-testid="reply-input"]:enabled').waitFor()
      await input.focus()
      await agent.keyboard.press('Control+/')
      await agent.getByTestId('canned-picker').waitFor()
      await agent.keyboard.type('srry hstry')
      await expect.poll(() => agent.getByTestId('canned-option').count()).toBe(1)
      await agent.keyboard.press('Enter')
      await agent.getByTestId('canned-picker').waitFor({ state: 'detached' })
      const filled = `Hi Rosa, ${brand.name} here: sorry about your history.`
      expect(await input.inputValue()).toBe(filled)
      // She adds a promise from the keyboard; the composer offers to track it, and she does.
      await input.press('End')
      await agent.keyboard.type(PROMISE)
      const text = filled + PROMISE
      expect(await input.inputValue()).toBe(text)
      const suggestion = agent.getByTestId('promise-suggestion')
      await suggestion.waitFor()
      expect(await suggestion.textContent()).toMatch(
        /^Track this promise\? restore your history — due Fri \d{1,2} \w{3}, \d\d:\d\d — owner you/,
      )
      await agent
        .getByTestId('reply-composer')
        .screenshot({ path: screenshotPath('loop-composer.png') })
      expect(await axeViolations(agent)).toEqual([])
      await agent.getByTestId('promise-accept').click()
      await agent.getByTestId('promise-tracked').waitFor()

      // Sent: held for approval, and in the adviser's queue live, with its promise.
      await agent.getByTestId('reply-send').click()
      await replyIn(agent, 'awaiting_approval').waitFor({ timeout: 10_000 })
      const item = queue.getByTestId('approval-item')
      await item.waitFor({ timeout: 10_000 })
      expect(await item.getByTestId('approval-text').textContent()).toBe(text)
      expect(await item.textContent()).toContain('by Bo Agent')
      // The adviser approves the promise with the words: it is shown with the reply.
      expect(await item.getByTestId('approval-promise').textContent()).toMatch(
        /^Tracked promise: restore your history — due Fri \d{1,2} \w{3}, \d\d:\d\d — owner Bo Agent$/,
      )
      await replyIn(adviser, 'awaiting_approval').waitFor({ timeout: 10_000 })
      expect(bluesky.posts).toHaveLength(0)
      await queue.screenshot({ path: screenshotPath('loop-approval-queue.png'), fullPage: true })
      expect(await axeViolations(queue)).toEqual([])

      // Approved: delivered once, and the sent reply with its URL shows in both consoles live.
      await item.getByTestId('approval-approve').click()
      await queue.getByTestId('approvals-empty').waitFor({ timeout: 10_000 })
      for (const page of [agent, adviser]) {
        await replyIn(page, 'sent').waitFor({ timeout: 15_000 })
        await expect
          .poll(() => page.getByTestId('state-badge').first().textContent(), { timeout: 10_000 })
          .toBe('Waiting')
      }
      expect(bluesky.posts).toHaveLength(1)
      const [published] = bluesky.posts
      expect(published!.text).toBe(text)
      const record = published!.body.record as {
        reply: { root: { uri: string }; parent: { uri: string } }
      }
      expect(record.reply.root.uri).toBe(lead)
      expect(record.reply.parent.uri).toBe(lead)
      for (const page of [agent, adviser]) {
        expect(await page.getByTestId('reply-link').getAttribute('href')).toBe(published!.url)
        const sent = page.getByTestId('thread-post').filter({ hasText: PROMISE.trim() })
        expect(await sent.textContent()).toContain(
          'Brand reply by Bo Agent, approved by Vera Adviser',
        )
      }

      // The author answers warmly by the webhook: reopened, recovered, in both consoles live.
      const thanks = await deliverMention(server.url!, source.body.data.id, secret, {
        id: `at://${author.id}/app.bsky.feed.post/${id}x`,
        source: 'bluesky',
        created_at: new Date().toISOString(),
        author: { ...author, followers: 800 },
        text: THANKS,
        in_reply_to: published!.id,
      })
      expect(thanks.status).toBe(202)
      for (const page of [agent, adviser]) {
        const outcome = page.getByTestId('thread').getByTestId('outcome').first()
        await outcome.waitFor({ timeout: 20_000 })
        expect(await outcome.textContent()).toContain('Recovered')
        await expect
          .poll(() => page.getByTestId('state-badge').first().textContent(), { timeout: 10_000 })
          .toBe('Open')
        await page.getByTestId('thread-post').getByText(THANKS).waitFor()
      }
      await adviser.screenshot({ path: screenshotPath('loop-thread-outcome.png'), fullPage: true })
      expect(await axeViolations(adviser)).toEqual([])

      // The promise: open on the Promises page, then overdue once the test clock passes it.
      await queue.goto(`${server.url}/promises?brand=${brand.slug}`)
      // Due later today or on a coming Friday: open, or due soon.
      await queue
        .getByTestId('promises')
        .getByTestId('promise-item')
        .filter({ hasText: 'restore your history' })
        .waitFor()
      expect(['open', 'due_soon']).toContain(
        await queue.getByTestId('promise-item').getAttribute('data-state'),
      )
      // Unread so far: the held reply's call for approval.
      const unread = async (page: Page) =>
        (await page.getByTestId('unread-count').count())
          ? Number(await page.getByTestId('unread-count').textContent())
          : 0
      const before = await unread(queue)
      const [promise] = await t.ctx.db
        .select()
        .from(promises)
        .where(eq(promises.complaintId, new URL(threadUrl).searchParams.get('c')!))
      expect(promise).toMatchObject({ what: 'restore your history', ownerId: agentUser.id })
      const ahead = promise!.dueAt.getTime() - (await clockNow(t.ctx)).getTime() + 60_000
      expect((await admin.post('/api/test/clock', { advanceMs: ahead })).status).toBe(200)

      const overdue = queue.getByTestId('promises-overdue')
      await overdue.getByText('restore your history').waitFor({ timeout: 15_000 })
      expect(await overdue.getByTestId('promise-item').getAttribute('data-state')).toBe('overdue')
      // Told live, in both of the adviser's tabs. The jump can also pass the response target of
      // the author's warm answer (how far it goes depends on today's date against "by Friday"),
      // so an SLA breach may arrive beside it: the overdue promise is looked for by its text.
      for (const page of [queue, adviser])
        await expect.poll(() => unread(page), { timeout: 10_000 }).toBeGreaterThan(before)
      // The thread, open already, is raised with the mark in both consoles, live.
      for (const page of [agent, adviser])
        await page.getByTestId('thread').getByTestId('promise-overdue-mark').waitFor()
      await agent.screenshot({ path: screenshotPath('loop-thread-promise-overdue.png') })
      await queue.getByTestId('notifications').click()
      await queue
        .getByTestId('notification')
        .filter({
          hasText: new RegExp(`A promise to @${author.handle.replace(/\./g, '\\.')} is overdue`),
        })
        .waitFor({ timeout: 10_000 })
      await queue.screenshot({ path: screenshotPath('loop-promises-notified.png') })
      await queue.getByTestId('notifications').click()
      await queue.screenshot({ path: screenshotPath('loop-promises-page.png'), fullPage: true })
      expect(await axeViolations(queue)).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
