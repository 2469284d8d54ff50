import { describe, expect, it } from 'vitest'
import { InboxPageSchema } from '../../shared/schemas/inbox.js'
import { ingestPosts } from '../../server/domain/ingest/ingest-posts.js'
import { makeUser, signIn, TEST_PASSWORD } from '../support/auth.js'
import { axeViolations } from '../support/axe.js'
import { launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand, makePost } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'
import { waitForAnalysis } from '../support/wait.js'

const firebreak = firebreakForFile(['--no-demo'])

const POSTS = {
  es: '@kredo llevo tres semanas sin respuesta y mi puntuación sigue perdida, exijo una devolución',
  de: '@kredo meine Punkte sind weg und niemand antwortet, das ist wirklich schlecht',
  pl: '@kredo moje punkty zniknęły w nocy i nikt nie odpowiada 😡😡',
}

describe('Posts in other languages, through the pipeline into the console', () => {
  it('reads Spanish and German with their own models and flags a language it cannot read', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    const posts = Object.entries(POSTS).map(([lang, text], i) =>
      makePost({
        threadId: `lang-${lang}`,
        text,
        lang: null,
        author: { externalId: `lang-${lang}`, handle: `${lang}.example`, followers: 5000 - i },
      }),
    )
    const ingested = await ingestPosts(t.ctx, { brandId: brand.id, channel: 'import', posts })
    await waitForAnalysis(t.ctx, ingested.outboxIds)
    const user = await makeUser(t.ctx, 'agent')

    // The API: each complaint's lead carries the analyzer's language, whether it read it, and
    // its reasons; the language filter reads the analyzer's language.
    const agent = await signIn(server.url!, user)
    const open = InboxPageSchema.parse(
      (await agent.get(`/api/brands/${brand.id}/inbox?view=open`)).body,
    ).data
    const byLanguage = Object.fromEntries(open.map((c) => [c.lead.analysis.language, c.lead]))
    expect(Object.keys(byLanguage).sort()).toEqual(['de', 'es', 'pl'])
    expect(byLanguage.es!.analysis).toMatchObject({ supported: true, version: 'firebreak-lr-4' })
    expect(byLanguage.es!.analysis.complaintReasons).toEqual(
      expect.arrayContaining(['complaint cue: no answer', 'complaint cue: money or remedy']),
    )
    expect(byLanguage.de!.analysis.supported).toBe(true)
    expect(byLanguage.pl!.analysis.supported).toBe(false)
    expect(byLanguage.pl!.analysis.confidence).toBeLessThanOrEqual(0.3)
    const spanish = InboxPageSchema.parse(
      (await agent.get(`/api/brands/${brand.id}/inbox?view=open&lang=es`)).body,
    ).data
    expect(spanish.map((c) => c.lead.author.handle)).toEqual(['es.example'])
    const unread = InboxPageSchema.parse(
      (await agent.get(`/api/brands/${brand.id}/inbox?view=open&lang=unread`)).body,
    ).data
    expect(unread.map((c) => c.lead.author.handle)).toEqual(['pl.example'])
    const refused = await agent.get(`/api/brands/${brand.id}/inbox?view=open&lang=polish`)
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain('must be a language code or unread')

    // The console: the Polish row is flagged, the others are not; its thread says why.
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await signInThroughPage(page, server.url!, user.email, TEST_PASSWORD)
      await page.goto(`${server.url}/inbox?brand=${brand.slug}&view=open`)
      const rows = page.getByTestId('inbox-row')
      await rows.nth(2).waitFor()
      const flagged = page.getByTestId('unread-language')
      expect(await flagged.count()).toBe(1)
      expect(await flagged.textContent()).toBe('Polish: not read')
      const polishRow = rows.filter({ has: flagged })
      expect(await polishRow.textContent()).toContain('pl.example')
      await polishRow.getByRole('button').first().click()
      const note = page.getByRole('note')
      await note.waitFor()
      expect(await note.textContent()).toMatch(/No model reads Polish/)
      await note.scrollIntoViewIfNeeded()
      await page.screenshot({ path: screenshotPath('inbox-unread-language.png') })
      expect(await axeViolations(page)).toEqual([])

      await page.goto(`${server.url}/inbox?brand=${brand.slug}&view=open&lang=es`)
      await rows.first().waitFor()
      await expect.poll(() => rows.count()).toBe(1)
      expect(await rows.first().textContent()).toContain('es.example')

      // The language filter lists the languages it cannot read as one choice.
      await page.getByLabel('Language').selectOption({ label: 'Not read (other languages)' })
      await expect.poll(() => page.url()).toContain('lang=unread')
      await expect.poll(() => rows.first().textContent()).toContain('pl.example')
      expect(await rows.count()).toBe(1)
      await page.screenshot({ path: screenshotPath('inbox-filter-unread.png') })
    } finally {
      await browser.close()
    }
  })
})
