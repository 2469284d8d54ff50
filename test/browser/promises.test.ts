import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { complaints, promises } from '../../server/db/schema.js'
import { clockNow } from '../../server/lib/clock.js'
import { makeUser, signIn, TEST_PASSWORD } from '../support/auth.js'
import { axeViolations } from '../support/axe.js'
import { expectFitsPhone, launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { eventually } from '../support/eventually.js'
import { FakeBluesky } from '../support/fake-networks.js'
import { firebreakForFile } from '../support/processes.js'
import { complaintOn } from '../support/replies.js'

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

describe('Promises', () => {
  it('the composer suggests the promise a reply makes; tracked, sent, then overdue under the test clock: the adviser is told live and the Promises page shows it overdue', async () => {
    const { t, server } = firebreak
    const adminUser = await makeUser(t.ctx, 'admin', { name: 'Ada Admin' })
    const adviserUser = await makeUser(t.ctx, 'adviser', { name: 'Ava Adviser' })
    const agentUser = await makeUser(t.ctx, 'agent', { name: 'Bo Agent' })
    const { brand, complaint } = await complaintOn(t.ctx, 'bluesky', {
      fake: bluesky,
      adminId: adminUser.id,
    })
    const browser = await launchBrowser()
    try {
      const agent = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await signInThroughPage(agent, server.url!, agentUser.email, TEST_PASSWORD)
      await agent.goto(`${server.url}/inbox?brand=${brand.slug}&view=open&c=${complaint.id}`)
      const composer = agent.getByTestId('reply-composer')
      await composer.waitFor()
      await agent.getByTestId('reply-input').fill('We are sorry.')
      expect(await agent.getByTestId('promise-suggestion').count()).toBe(0)
      const text = 'Sorry about your score. We will restore your history within 3 days.'
      await agent.getByTestId('reply-input').fill(text)
      const suggestion = agent.getByTestId('promise-suggestion')
      await suggestion.waitFor()
      expect(await suggestion.textContent()).toMatch(
        /^Track this promise\? restore your history — due \w{3} \d{1,2} \w{3}, \d\d:\d\d — owner you/,
      )
      await composer.screenshot({ path: screenshotPath('promise-suggestion.png') })
      expect(await axeViolations(agent)).toEqual([])
      await expectFitsPhone(agent, 'promise-suggestion-phone.png')

      await agent.getByTestId('promise-accept').click()
      await agent.getByTestId('promise-tracked').waitFor()
      await agent.getByTestId('reply-send').click()
      await agent.locator('[data-testid="reply-state"][data-state="sent"]').waitFor({
        timeout: 15_000,
      })
      expect(await agent.getByTestId('promise-tracked').count()).toBe(0)
      const [promise] = await t.ctx.db
        .select()
        .from(promises)
        .where(eq(promises.complaintId, complaint.id))
      expect(promise).toMatchObject({ what: 'restore your history', ownerId: agentUser.id })
      expect(bluesky.posts.filter((p) => p.text === text)).toHaveLength(1)
      // The author card lists every promise made to this person.
      const card = agent.getByTestId('author-promises')
      await card.getByText('restore your history').waitFor({ timeout: 5_000 })
      expect(await card.textContent()).toMatch(/^Openrestore your historydue /)

      // The adviser watches the Promises page: open for now, overdue once time passes.
      const adviser = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await signInThroughPage(adviser, server.url!, adviserUser.email, TEST_PASSWORD)
      await adviser.goto(`${server.url}/promises?brand=${brand.slug}`)
      await adviser.getByTestId('promises-open').getByText('restore your history').waitFor()
      expect(await adviser.getByTestId('unread-count').count()).toBe(0)

      const admin = await signIn(server.url!, adminUser)
      const ahead = promise!.dueAt.getTime() - (await clockNow(t.ctx)).getTime() + 60_000
      expect((await admin.post('/api/test/clock', { advanceMs: ahead })).status).toBe(200)

      // Live: the worker's pass notices, tells the advisers, and the page moves it.
      const overdue = adviser.getByTestId('promises-overdue')
      await overdue.getByText('restore your history').waitFor({ timeout: 15_000 })
      await adviser.getByTestId('unread-count').waitFor({ timeout: 5_000 })
      await adviser.getByTestId('notifications').click()
      expect(await adviser.getByTestId('notification').first().textContent()).toMatch(
        /A promise to @\S+ is overdue/,
      )
      await adviser.getByTestId('notifications').click()
      const item = overdue.getByTestId('promise-item')
      expect(await item.getAttribute('data-state')).toBe('overdue')
      expect(await item.textContent()).toMatch(/owner Bo Agent/)
      // Raised: the reply left the thread waiting on its author; the overdue promise reopened it.
      await eventually('the thread raised', async () => {
        const [c] = await t.ctx.db.select().from(complaints).where(eq(complaints.id, complaint.id))
        return c!.state === 'open' ? c : null
      })
      await adviser.screenshot({ path: screenshotPath('promises-page.png'), fullPage: true })
      expect(await axeViolations(adviser)).toEqual([])
      await expectFitsPhone(adviser, 'promises-page-phone.png')

      // Kept needs a link or a note; the page shows how it was kept.
      await item.getByTestId('promise-mark-kept').click()
      const form = item.getByTestId('promise-resolve')
      expect(await form.getByRole('button', { name: 'Mark kept' }).isDisabled()).toBe(true)
      await form.getByLabel('Or a note saying how it was kept').fill('Restored; told them by DM.')
      await form.getByRole('button', { name: 'Mark kept' }).click()
      await adviser.getByTestId('promises-kept').getByText('restore your history').waitFor()
      expect(
        await adviser.getByTestId('promises-kept').getByTestId('promise-resolution').textContent(),
      ).toBe('Kept by Ava Adviser: Restored; told them by DM.')
      await adviser.screenshot({ path: screenshotPath('promises-page-kept.png'), fullPage: true })
    } finally {
      await browser.close()
    }
  })
})
