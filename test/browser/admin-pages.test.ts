import { describe, expect, it } from 'vitest'
import { recordAudit } from '../../server/domain/audit/record-audit.js'
import { recordRejections } from '../../server/domain/ingest/reject-payloads.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, screenshotAsPhone, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'

const firebreak = firebreakForFile(['--no-demo'])
const DESKTOP = { width: 1440, height: 1000 }

describe('the admin pages', () => {
  it('the audit log and rejected payloads filter through the address bar and load older pages', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx, 'Kredo')
    const admin = await makeUser(t.ctx, 'admin')
    for (let i = 0; i < 60; i++) {
      await recordAudit(t.ctx.db, {
        actorId: admin.id,
        action: i % 2 ? 'brand.updated' : 'source.created',
        subjectType: i % 2 ? 'brand' : 'source',
        subjectId: brand.id,
        before: { trackedTerms: ['kredo'] },
        after: { trackedTerms: ['kredo', `term-${i}`] },
        ip: '203.0.113.7',
      })
    }
    await recordRejections(
      t.ctx.db,
      Array.from({ length: 60 }, (_, i) => ({
        brandId: brand.id,
        channel: i % 2 ? ('import' as const) : ('webhook' as const),
        issues: [{ path: 'author.handle', message: 'Required' }],
        payload: JSON.stringify({ id: `bad-${i}`, text: 'Kredo lost my card <b>again</b>' }),
        line: i % 2 ? i + 1 : null,
      })),
    )
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: DESKTOP })
      await signInThroughPage(page, server.url!, admin.email, TEST_PASSWORD)

      await page.goto(`${server.url}/admin/audit`)
      const events = page.getByTestId('audit-row')
      await events.first().waitFor()
      expect(await events.count()).toBe(50)
      await page.getByTestId('load-older').click()
      await page.getByText(/events shown · the beginning/).waitFor()
      expect(await events.count()).toBeGreaterThan(60)
      await page.getByTestId('audit-filter-action').selectOption('brand.updated')
      await expect.poll(() => events.count()).toBe(30)
      expect(new URL(page.url()).searchParams.get('action')).toBe('brand.updated')
      await page.evaluate('window.scrollTo(0, 0)')
      await page.screenshot({ path: screenshotPath('admin-audit.png') })
      await screenshotAsPhone(page, 'admin-audit-phone.png', { fullPage: false })
      await page.goBack()
      await expect.poll(() => events.count()).toBe(50)

      await page.goto(`${server.url}/admin/rejections`)
      const rejections = page.getByTestId('rejection-row')
      await rejections.first().waitFor()
      expect(await rejections.count()).toBe(50)
      await page.getByTestId('load-older').click()
      await page.getByText('60 payloads shown · the beginning').waitFor()
      await page.getByLabel('Channel').selectOption('import')
      await expect.poll(() => rejections.count()).toBe(30)
      await page.evaluate('window.scrollTo(0, 0)')
      await page.screenshot({ path: screenshotPath('admin-rejections.png') })
      await screenshotAsPhone(page, 'admin-rejections-phone.png', { fullPage: false })
    } finally {
      await browser.close()
    }
  }, 90_000)

  it('an admin creates a webhook source, rotates its secret, and renames the brand', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx, 'Orbit')
    const admin = await makeUser(t.ctx, 'admin')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: DESKTOP })
      await signInThroughPage(page, server.url!, admin.email, TEST_PASSWORD)

      await page.goto(`${server.url}/admin/sources?brand=${brand.slug}`)
      await page.getByTestId('source-new').click()
      await page.getByTestId('source-submit').click()
      await page.getByText('Required', { exact: true }).waitFor()
      await page.getByTestId('source-name').fill('Brandwatch')
      await page.getByTestId('source-submit').click()
      expect(await page.getByTestId('source-secret').inputValue()).toMatch(/^whsec_/)
      await page.screenshot({ path: screenshotPath('admin-source-created.png') })
      await page.getByRole('button', { name: 'Done' }).click()

      const row = page.getByTestId('source-row').filter({ hasText: 'Brandwatch' })
      await row.getByTestId('rotate-open').click()
      await row.getByRole('button', { name: 'Generate' }).click()
      await row.getByTestId('rotate-submit').click()
      await row.getByText('Secret replaced').waitFor()
      await page.screenshot({ path: screenshotPath('admin-sources.png') })
      await screenshotAsPhone(page, 'admin-sources-phone.png')

      await page.goto(`${server.url}/admin/brand?brand=${brand.slug}`)
      await page.getByTestId('brand-name').fill('Orbit Bank')
      await page.getByTestId('brand-save').click()
      await page.getByText('Saved. New posts are matched with these terms.').waitFor()
      expect(await page.getByTestId('brand-save').isDisabled()).toBe(true)
      await page.screenshot({ path: screenshotPath('admin-brand-settings.png') })
      await screenshotAsPhone(page, 'admin-brand-settings-phone.png')
    } finally {
      await browser.close()
    }
  }, 90_000)

  it('an invite link opens the setup page, whose password then signs in', async () => {
    const { t, server } = firebreak
    const admin = await makeUser(t.ctx, 'admin')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: DESKTOP })
      await signInThroughPage(page, server.url!, admin.email, TEST_PASSWORD)
      await page.goto(`${server.url}/admin/users`)
      await page.getByTestId('invite-open').click()
      const email = `invitee-${Date.now()}@test.example`
      await page.getByTestId('invite-email').fill(email)
      await page.getByTestId('invite-name').fill('Ada Invitee')
      await page.getByTestId('invite-submit').click()
      const link = await page.getByTestId('invite-url').inputValue()
      await page.screenshot({ path: screenshotPath('admin-users-invited.png') })
      await screenshotAsPhone(page, 'admin-users-invited-phone.png')

      const invitee = await browser.newPage({ viewport: DESKTOP })
      await invitee.goto(link)
      await invitee.getByTestId('setup-password').fill('short')
      await invitee.getByTestId('setup-submit').click()
      await invitee.getByText('At least 12 characters').waitFor()
      await invitee.screenshot({ path: screenshotPath('setup.png') })
      await screenshotAsPhone(invitee, 'setup-phone.png')
      await invitee.getByTestId('setup-password').fill('a long enough passphrase')
      await invitee.getByTestId('setup-submit').click()
      await invitee.getByText('Your password is set').waitFor()
      await invitee.getByTestId('sign-in-password').fill('not the passphrase')
      await invitee.getByTestId('sign-in-submit').click()
      await invitee.getByText('Wrong email or password.').waitFor()
      await invitee.screenshot({ path: screenshotPath('sign-in-failed.png') })
      await screenshotAsPhone(invitee, 'sign-in-failed-phone.png')
      await invitee.getByTestId('sign-in-password').fill('a long enough passphrase')
      await invitee.getByTestId('sign-in-submit').click()
      await invitee.getByTestId('user-menu').waitFor()
    } finally {
      await browser.close()
    }
  }, 90_000)
})
