import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importFile } from '../../server/domain/ingest/import-file.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand } from '../support/factories.js'
import { hostilePosts } from '../support/hostile-corpus.js'
import { firebreakForFile } from '../support/processes.js'
import { waitForAnalysis } from '../support/wait.js'

const firebreak = firebreakForFile(['--no-demo'])

describe('the console under hostile posts', () => {
  it('shows every hostile post as text: no script runs, no element is injected', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx)
    const viewer = await makeUser(t.ctx, 'viewer')
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'fb-hostile-ui-')),
      'hostile.jsonl',
    )
    const corpus = hostilePosts()
    fs.writeFileSync(file, corpus.map((c) => JSON.stringify(c.post)).join('\n'))
    await importFile(t.ctx, { brandId: brand.id, file, format: 'jsonl' })
    const { outbox } = await import('../../server/db/schema.js')
    const pending = (await t.ctx.db.select({ id: outbox.id }).from(outbox)).map((r) => r.id)
    await waitForAnalysis(t.ctx, pending)

    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
      const dialogs: string[] = []
      page.on('dialog', (d) => {
        dialogs.push(d.message())
        void d.dismiss()
      })
      const violations: string[] = []
      page.on('console', (m) => m.type() === 'error' && violations.push(m.text()))
      await signInThroughPage(
        page,
        `${server.url}/?brand=${brand.slug}`,
        viewer.email,
        TEST_PASSWORD,
      )
      await page.goto(`${server.url}/?brand=${brand.slug}`)
      await page
        .locator('[data-testid="complaint-row"]')
        .nth(corpus.length - 1)
        .waitFor({ timeout: 20_000 })
        .catch(async (err: Error) => {
          await page.screenshot({
            path: screenshotPath('console-hostile-failed.png'),
            fullPage: true,
          })
          throw err
        })
      // Open every "more" and explanation so that all text is on the page.
      for (const button of await page.getByRole('button', { name: /more|why/i }).all())
        await button.click().catch(() => {})
      await page.screenshot({ path: screenshotPath('console-hostile.png'), fullPage: false })

      // Runs in the page (a string, so the Node test needs no DOM types).
      const findings = (await page.evaluate(`({
        pwned: window.__pwned ?? null,
        inlineScripts: document.querySelectorAll('script:not([src])').length,
        injected: document.querySelectorAll('#injected-bold, iframe, img[src="x"], svg[onload], [onerror], [onload]').length,
        badLinks: [...document.querySelectorAll('a')].filter((a) => !/^(https?:|\\/|#|$)/.test(a.getAttribute('href') ?? '')).length,
        unsafeTargets: [...document.querySelectorAll('a[target="_blank"]')].filter((a) => !/noopener/.test(a.rel) || !/noreferrer/.test(a.rel)).length,
        texts: [...document.querySelectorAll('[data-testid="complaint-text"]')].map((e) => e.textContent ?? ''),
      })`)) as {
        pwned: unknown
        inlineScripts: number
        injected: number
        badLinks: number
        unsafeTargets: number
        texts: string[]
      }
      expect(findings).toMatchObject({
        pwned: null,
        inlineScripts: 0,
        injected: 0,
        badLinks: 0,
        unsafeTargets: 0,
      })
      expect(dialogs).toEqual([])
      // The markup is there, as visible text.
      expect(
        findings.texts.some((text) => text.includes('<script>window.__pwned=1</script>')),
      ).toBe(true)
      expect(findings.texts.some((text) => text.includes('<img src=x onerror='))).toBe(true)
      expect(violations.filter((v) => /Content Security Policy/.test(v))).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
