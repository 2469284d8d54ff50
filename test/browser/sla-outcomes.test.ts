import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { SlaTargets } from '../../shared/sla.js'
import { brands, complaints } from '../../server/db/schema.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { axeViolations } from '../support/axe.js'
import { launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand, makePost } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'
import { waitForAnalysis } from '../support/wait.js'

const firebreak = firebreakForFile(['--no-demo'])

/** Every band one hour to the first answer, so the age of a complaint alone sets its colour. */
const HOUR: SlaTargets = {
  critical: { firstMinutes: 60, nextMinutes: 60 },
  high: { firstMinutes: 60, nextMinutes: 60 },
  medium: { firstMinutes: 60, nextMinutes: 60 },
  low: { firstMinutes: 60, nextMinutes: 60 },
}

describe('Response targets and outcomes in the console', () => {
  it('counts down each open complaint in words and colour, shows what a reply did, and lets an adviser set the targets', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    await t.ctx.db.update(brands).set({ slaTargets: HOUR }).where(eq(brands.id, brand.id))
    // Minutes since arrival: 10 (50 of 60 left), 35 (25 left), 50 (10 left), 75 (15 over).
    const ages = [10, 35, 50, 75]
    const ingested = await ingestPosts(t.ctx, {
      brandId: brand.id,
      channel: 'import',
      posts: ages.map((age, i) =>
        makePost({
          threadId: `t${i}`,
          externalId: `t${i}-root`,
          text: `Kredo deleted my history and support will not answer (case ${i}). Terrible.`,
          postedAt: new Date(Date.now() - age * 60_000).toISOString(),
          author: { externalId: `a${i}`, handle: `aged${age}.example`, followers: 1000 },
        }),
      ),
    })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    // One complaint got an answer and its author warmed up (the loop itself is test/api/outcomes).
    const rows = await t.ctx.db.select().from(complaints).where(eq(complaints.brandId, brand.id))
    const answered = rows.find((r) => r.threadKey.includes('t0')) ?? rows[0]!
    await t.ctx.db
      .update(complaints)
      .set({
        outcome: 'recovered',
        outcomeBefore: -0.62,
        outcomeAfter: 0.4,
        outcomeAt: new Date(),
        firstResponseAt: new Date(Date.now() - 5 * 60_000),
        nextResponseFrom: new Date(Date.now() - 60_000),
        state: 'open',
      })
      .where(eq(complaints.id, answered.id))

    const adviserUser = await makeUser(t.ctx, 'adviser', { name: 'Ada Adviser' })
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await signInThroughPage(page, server.url!, adviserUser.email, TEST_PASSWORD)
      await page.goto(`${server.url}/inbox?brand=${brand.slug}&view=open`)
      const chips = page.getByTestId('sla-chip')
      await chips.nth(3).waitFor()
      const seen = await chips.evaluateAll((els) =>
        els.map((el) => ({
          urgency: el.getAttribute('data-urgency'),
          text: el.textContent ?? '',
          row: el.closest('[data-testid="inbox-row"]')?.textContent ?? '',
        })),
      )
      const chipOf = (handle: string) => seen.find((s) => s.row.includes(handle))!
      // The answered one now owes its next answer, an hour from the author's follow-up.
      expect(chipOf('aged10')).toMatchObject({ urgency: 'ok' })
      expect(chipOf('aged10').text).toMatch(/^(58|59)m left/)
      expect(chipOf('aged35')).toMatchObject({ urgency: 'soon' })
      expect(chipOf('aged35').text).toMatch(/^2[45]m left/)
      expect(chipOf('aged50')).toMatchObject({ urgency: 'urgent' })
      expect(chipOf('aged50').text).toMatch(/^\d+m left, due soon/)
      expect(chipOf('aged75')).toMatchObject({ urgency: 'breached' })
      expect(chipOf('aged75').text).toMatch(/Overdue by 1[45]m/)
      const badge = page.getByTestId('outcome')
      expect(await badge.count()).toBe(1)
      expect(await badge.textContent()).toMatch(/Recovered/)
      await page.screenshot({ path: screenshotPath('sla-inbox-chips.png') })
      expect(await axeViolations(page)).toEqual([])

      // The thread: its deadline in words, its response times, and the outcome with figures.
      await page.getByTestId('inbox-row').filter({ hasText: 'aged10' }).getByRole('button').click()
      await page.getByTestId('response-times').waitFor()
      const outcomes = page.getByTestId('thread').getByTestId('outcome')
      // Beside the state, and on the author's card (their complaint in that thread).
      expect(await outcomes.count()).toBe(2)
      for (const text of await outcomes.allTextContents()) expect(text).toContain('Recovered')
      expect(await outcomes.first().textContent()).toContain('sentiment −0.62 before, +0.40 after')
      expect(await page.getByTestId('thread').getByTestId('sla-chip').textContent()).toMatch(
        /^Next response: \d+m left/,
      )
      expect(await page.getByTestId('response-times').textContent()).toMatch(
        /First response\s*after 5m.*Resolved\s*not yet/,
      )
      await page.screenshot({ path: screenshotPath('sla-thread-outcome.png') })
      expect(await axeViolations(page)).toEqual([])

      // Brand settings: the adviser sets targets; a nonsense one is refused where it is typed.
      await page.goto(`${server.url}/admin/brand?brand=${brand.slug}`)
      const card = page.getByTestId('sla-targets')
      await card.waitFor()
      await page.getByTestId('sla-critical-firstMinutes').fill('90')
      await page.getByTestId('sla-save').click()
      await card.getByText("must not be longer than the high band's (60 minutes)").waitFor()
      await card.scrollIntoViewIfNeeded()
      await page.screenshot({ path: screenshotPath('sla-targets-refused.png') })
      await page.getByTestId('sla-critical-firstMinutes').fill('30')
      await page.getByTestId('sla-save').click()
      await card.getByText('Saved. Deadlines follow the new targets now.').waitFor()
      await card.screenshot({ path: screenshotPath('sla-targets-card.png') })
      expect(await axeViolations(page)).toEqual([])
      const [stored] = await t.ctx.db.select().from(brands).where(eq(brands.id, brand.id))
      expect((stored!.slaTargets as SlaTargets).critical.firstMinutes).toBe(30)
    } finally {
      await browser.close()
    }
  })
})
