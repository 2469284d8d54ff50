import { eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { complaints } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { changeComplaint } from '../../server/domain/triage/change-complaint.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { axeViolations } from '../support/axe.js'
import { launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand, makePost } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'
import { waitForAnalysis } from '../support/wait.js'

const firebreak = firebreakForFile(['--no-demo'])

describe('The inbox, worked by a team', () => {
  it('an adviser assigns, an agent is told at once; each sees the other; the agent triages from the keyboard; a race answers 409 and shows what happened', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    const posts = Array.from({ length: 9 }, (_, i) =>
      makePost({
        threadId: `t${i}`,
        externalId: `t${i}-root`,
        text: `Kredo dropped my score overnight and support will not answer <b>case ${i}</b>. Terrible.`,
        postedAt: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
        author: {
          externalId: `a${i}`,
          handle: `person${i}.example`,
          followers: 100_000 - i * 1000,
        },
      }),
    )
    const ingested = await ingestPosts(t.ctx, { brandId: brand.id, channel: 'import', posts })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    const adviserUser = await makeUser(t.ctx, 'adviser', { name: 'Ada Adviser' })
    const agentUser = await makeUser(t.ctx, 'agent', { name: 'Bo Agent' })
    const browser = await launchBrowser()
    try {
      const adviser = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      const agent = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await signInThroughPage(adviser, server.url!, adviserUser.email, TEST_PASSWORD)
      await signInThroughPage(agent, server.url!, agentUser.email, TEST_PASSWORD)
      const inbox = (view: string) => `${server.url}/inbox?brand=${brand.slug}&view=${view}`
      await adviser.goto(inbox('open'))
      await agent.goto(inbox('mine'))
      const rows = (page: Page) => page.getByTestId('inbox-row')
      await rows(adviser).nth(8).waitFor()
      // Post text is rendered as text.
      expect(await rows(adviser).first().textContent()).toContain('<b>case 0</b>')

      // The adviser assigns the top complaint to the agent from the keyboard.
      await adviser.keyboard.press('j')
      await adviser.keyboard.press('Enter')
      await adviser.getByTestId('thread-post').first().waitFor()
      await adviser.keyboard.press('a')
      await adviser.getByRole('radio', { name: /Bo Agent/ }).check()
      const assigned = adviser.waitForResponse((r) => r.url().endsWith('/assignee'))
      await adviser.getByRole('button', { name: 'Assign', exact: true }).click()
      await assigned
      const told = Date.now()
      await agent.getByTestId('unread-count').waitFor({ timeout: 5_000 })
      const tellMs = Date.now() - told
      expect(tellMs).toBeLessThan(1_000)
      await rows(agent).first().waitFor({ timeout: 5_000 })
      expect(await rows(agent).count()).toBe(1)
      await agent.getByTestId('notifications').click()
      expect(await agent.getByTestId('notification').first().textContent()).toMatch(
        /Ada Adviser assigned you @person0\.example/,
      )
      await agent.screenshot({ path: screenshotPath('inbox-notifications.png') })
      expect(await axeViolations(agent)).toEqual([])
      await agent.getByTestId('notification').first().getByRole('link').click()

      // Both on the same complaint: each sees the other; writing shows before anyone collides.
      await agent.getByTestId('thread-post').first().waitFor()
      await expect
        .poll(() => adviser.getByTestId('thread-presence').textContent(), { timeout: 5_000 })
        .toMatch(/Bo Agent is viewing/)
      await expect
        .poll(() => agent.getByTestId('thread-presence').textContent(), { timeout: 5_000 })
        .toMatch(/Ada Adviser is viewing/)
      await agent.getByTestId('note-input').fill('Looking at this one')
      await expect
        .poll(() => adviser.getByTestId('collision').textContent(), { timeout: 5_000 })
        .toMatch(/Bo Agent is writing a note/)
      await adviser.screenshot({ path: screenshotPath('inbox-thread.png') })
      expect(await axeViolations(adviser)).toEqual([])
      await agent.getByRole('button', { name: 'Add note' }).click()
      await adviser
        .getByTestId('notes')
        .getByText('Looking at this one')
        .waitFor({ timeout: 5_000 })

      // The agent triages five complaints with the keyboard alone.
      await agent.keyboard.press('Escape')
      await agent.goto(inbox('open'))
      await rows(agent).nth(7).waitFor()
      const notice = agent.getByTestId('inbox-notice')
      // A key that opens a picker is answered in the picker, once it is open.
      const act = async (keys: string[], done: RegExp) => {
        for (const key of keys) {
          await agent.keyboard.press(key)
          if (key === 'z' || key === '#') await agent.getByRole('dialog').waitFor()
        }
        await expect.poll(() => notice.textContent(), { timeout: 5_000 }).toMatch(done)
      }
      // From the first row down: take the second and resolve it, resolve the next, snooze
      // the next, dismiss the next (each leaves the Open view; the selection stays in place).
      await agent.keyboard.press('j')
      await act(['j', 'a'], /Taken: @person1\.example/)
      await act(['e'], /Resolve: @person1\.example/)
      await act(['e'], /Resolve: @person2\.example/)
      await act(['z', 'Enter'], /Snoozed: @person3\.example/)
      await act(['#', 'Enter'], /Dismiss: @person4\.example/)
      const stateOf = async (i: number) =>
        (
          await t.ctx.db
            .select()
            .from(complaints)
            .where(eq(complaints.threadKey, `t${i}`))
        ).find((c) => c.brandId === brand.id)!
      expect(await stateOf(1)).toMatchObject({ state: 'resolved', assigneeId: agentUser.id })
      expect((await stateOf(2)).state).toBe('resolved')
      expect((await stateOf(3)).snoozedUntil).not.toBeNull()
      expect(await stateOf(4)).toMatchObject({
        state: 'dismissed',
        dismissReason: 'no_action_needed',
      })

      // A race: the adviser resolves a complaint the agent's tab still shows at its old
      // version (the push has not reached it yet), then the agent resolves it too.
      const raced = await stateOf(6)
      await changeComplaint(t.ctx, {
        complaintId: raced.id,
        version: raced.version,
        change: { kind: 'transition', transition: 'wait' },
        actorId: adviserUser.id,
        role: 'adviser',
        ip: null,
      })
      await agent.keyboard.press('?')
      await agent.getByTestId('shortcuts').waitFor()
      await agent.keyboard.press('Escape')
      await agent
        .locator('[data-testid="inbox-row"]', { hasText: 'person6.example' })
        .getByRole('button')
        .click()
      await agent.getByTestId('thread-post').first().waitFor()
      await agent.keyboard.press('e')
      await expect
        .poll(() => notice.textContent(), { timeout: 5_000 })
        .toMatch(/Someone changed @person6\.example first: it is waiting on its author now/)
      expect((await stateOf(6)).state).toBe('waiting')
      await agent.screenshot({ path: screenshotPath('inbox-conflict.png') })

      await adviser.keyboard.press('Escape')
      await adviser.screenshot({ path: screenshotPath('inbox.png') })
      expect(await axeViolations(adviser)).toEqual([])
      await adviser.setViewportSize({ width: 390, height: 844 })
      await adviser.screenshot({ path: screenshotPath('inbox-phone.png') })
    } finally {
      await browser.close()
    }
  })
})
