import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { makeBrand } from '../support/factories.js'
import { firebreakForFile } from '../support/processes.js'
import { WebhookReceiver } from '../support/webhook-receiver.js'

// The receiver is on 127.0.0.1, which the SSRF guard lets through only when told to.
const firebreak = firebreakForFile(['--no-demo'], { SSRF_ALLOWLIST: '127.0.0.1' })
const receiver = new WebhookReceiver()
beforeAll(() => receiver.start())
afterAll(() => receiver.close())

describe('alert webhooks in the console', () => {
  it('an admin adds one, sends a test, and reads its signed delivery in the log', async () => {
    const { t, server } = firebreak
    const brand = await makeBrand(t.ctx, 'Kredo')
    const admin = await makeUser(t.ctx, 'admin')
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
      const errors: string[] = []
      page.on('pageerror', (err) => errors.push(err.message))
      await signInThroughPage(page, server.url!, admin.email, TEST_PASSWORD)
      await page.goto(`${server.url}/admin/brand?brand=${brand.slug}`)
      const card = page.getByTestId('alert-webhooks')
      await card.getByTestId('webhook-url').fill(receiver.url('/firebreak'))
      await card.getByRole('button', { name: 'Add webhook' }).click()
      // The signing secret is shown this once, beside the new webhook.
      await card.getByTestId('webhook-secret').waitFor()
      const hook = card.getByTestId('alert-webhook')
      await hook.getByText('Nothing sent yet').waitFor()

      await hook.getByRole('button', { name: 'Send test' }).click()
      await card.getByText('A test alert is on its way').waitFor()
      // The log opens and reads itself again until the worker's delivery is in it.
      await hook.getByRole('cell', { name: 'Delivered (HTTP 200)' }).waitFor({ timeout: 30_000 })
      // The row says so too: its last delivery is read again after a test send.
      await hook.getByText(/^Last sent .*: delivered$/).waitFor({ timeout: 15_000 })
      const [got] = receiver.on('/firebreak')
      expect(got!.headers['webhook-signature']).toMatch(/^v1,/)
      expect(JSON.parse(got!.body.toString()).type).toBe('alert.test')
      await card.screenshot({ path: screenshotPath('alert-webhook-test.png') })
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  }, 90_000)
})
