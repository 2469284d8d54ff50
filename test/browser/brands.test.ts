import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { brands } from '../../server/db/schema.js'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, screenshotAsPhone, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { firebreakForFile } from '../support/processes.js'

// No demo: the database starts without a brand, as a production first start does.
const firebreak = firebreakForFile(['--no-demo'])
const DESKTOP = { width: 1440, height: 1000 }

describe('brands in the console', () => {
  it('an admin adds a brand on the Brands page, then archives and deletes it', async () => {
    const { t, server } = firebreak
    const admin = await makeUser(t.ctx, 'admin')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: DESKTOP })
      const errors: string[] = []
      page.on('pageerror', (err) => errors.push(err.message))

      // The sign-in page asks the server, which has no demo accounts: it lists none.
      const asked = page.waitForResponse((r) => r.url().endsWith('/api/auth/demo-accounts'))
      await page.goto(server.url!)
      expect(await (await asked).json()).toEqual({ data: { accounts: [], password: null } })
      await page.getByTestId('sign-in-email').waitFor()
      expect(await page.getByTestId('demo-accounts').count()).toBe(0)

      await signInThroughPage(page, server.url!, admin.email, TEST_PASSWORD)
      await page.getByText('No brands watched yet').waitFor()
      await page.screenshot({ path: screenshotPath('brands-empty-console.png') })
      // (The empty console's "Add a brand" starts the guided first start: first-start.test.ts.)
      await page.goto(`${server.url}/admin/brands`)
      await page.getByTestId('brand-add-open').click()
      const form = page.getByTestId('create-brand')

      // The form is open at once; the server's checks show in place.
      await page.getByTestId('brand-create-submit').click()
      await page.getByText('Name the brand').waitFor()
      await page.getByTestId('new-brand-name').fill('Northwind Café')
      const tracked = form.getByLabel('Tracked terms', { exact: true })
      await tracked.fill('Northwind')
      await tracked.press('Enter')
      await tracked.fill('#NWcafe')
      await tracked.press('Enter')
      await form.getByLabel('Excluded terms', { exact: true }).fill('trade winds')
      await form.getByLabel('Excluded terms', { exact: true }).press('Enter')
      await page.getByTestId('brand-create-submit').click()

      const row = page.locator('[data-testid="brands-row"][data-brand-slug="northwind-cafe"]')
      await row.waitFor()
      await page.getByText('is added. Next, give it a source').waitFor()
      expect(await row.locator('[data-status="listening"]').count()).toBe(1)
      const [stored] = await t.ctx.db.select().from(brands).where(eq(brands.slug, 'northwind-cafe'))
      expect(stored).toMatchObject({
        name: 'Northwind Café',
        trackedTerms: ['northwind', '#nwcafe'],
        excludedTerms: ['trade winds'],
        archivedAt: null,
      })
      await page.screenshot({ path: screenshotPath('brands-created.png') })
      await screenshotAsPhone(page, 'brands-created-phone.png')

      // A second brand of the same name is refused, on the name field.
      await page.getByTestId('brand-add-open').click()
      await page.getByTestId('new-brand-name').fill('northwind café')
      await form.getByLabel('Tracked terms', { exact: true }).fill('nw')
      await form.getByLabel('Tracked terms', { exact: true }).press('Enter')
      await page.getByTestId('brand-create-submit').click()
      await page.getByText('A brand named "Northwind Café" already exists').waitFor()
      await page.getByRole('button', { name: 'Cancel' }).click()

      // Its console opens: the brand is watched now.
      await page.getByRole('link', { name: 'open its console' }).click()
      await page.getByText('No brands watched yet').waitFor({ state: 'detached' })
      expect(new URL(page.url()).searchParams.get('brand')).toBe('northwind-cafe')
      // Connected, but nothing feeds it yet: the console says so beside "Live".
      await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor()
      const note = page.getByTestId('listening-note')
      await note.waitFor()
      expect(await note.getAttribute('data-state')).toBe('no-source')
      expect(await note.textContent()).toBe(
        'No source feeds this brand yet: add one on the Sources page',
      )
      await page.screenshot({ path: screenshotPath('brands-console-no-source.png') })

      await page.goto(`${server.url}/admin/brands`)
      await row.getByTestId('brand-archive').click()
      await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click()
      await row.locator('[data-status="archived"]').waitFor()
      const [archived] = await t.ctx.db.select().from(brands).where(eq(brands.id, stored!.id))
      expect(archived!.archivedAt).not.toBeNull()

      await row.getByTestId('brand-delete').click()
      const dialog = page.getByRole('dialog')
      await dialog.getByTestId('brand-delete-name').fill('Northwind')
      await dialog.getByRole('button', { name: 'Delete brand' }).click()
      await dialog.getByText("Type the brand's name, Northwind Café, to delete it").waitFor()
      await dialog.getByTestId('brand-delete-name').fill('Northwind Café')
      await dialog.getByRole('button', { name: 'Delete brand' }).click()
      await row.waitFor({ state: 'detached' })
      expect(await t.ctx.db.select().from(brands).where(eq(brands.id, stored!.id))).toEqual([])
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  }, 120_000)
})
