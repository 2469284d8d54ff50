import { describe, expect, it } from 'vitest'
import { makeUser, TEST_PASSWORD } from '../support/auth.js'
import { launchBrowser, screenshotPath } from '../support/browser.js'
import { signInThroughPage } from '../support/console-page.js'
import { firebreakForFile } from '../support/processes.js'

const firebreak = firebreakForFile(['--no-demo'])

describe('the Users page', () => {
  it('issues a new setup link for a user who forgot their password, and the link works', async () => {
    const { t, server } = firebreak
    const admin = await makeUser(t.ctx, 'admin')
    const agent = await makeUser(t.ctx, 'agent')
    const newPassword = 'a brand new passphrase'
    const browser = await launchBrowser()
    try {
      const adminPage = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await signInThroughPage(adminPage, server.url!, admin.email, TEST_PASSWORD)
      await adminPage.goto(`${server.url}/admin/users`)
      const row = adminPage.locator(`[data-testid="users-row"][data-user-email="${agent.email}"]`)
      await row.getByTestId('user-setup-link').click()
      await adminPage.getByRole('button', { name: 'Issue link' }).click()
      const link = await adminPage.getByTestId('setup-link-url').inputValue()
      expect(link).toMatch(/\/setup#token=[\w-]{20,}$/)
      await adminPage.screenshot({ path: screenshotPath('users-setup-link.png') })

      // The agent opens the link in a browser of their own and sets a new password.
      const agentContext = await browser.newContext()
      const agentPage = await agentContext.newPage()
      await agentPage.goto(link)
      await agentPage.getByTestId('setup-password').fill(newPassword)
      await agentPage.getByTestId('setup-submit').click()
      await agentPage.getByText('Your password is set').waitFor()
      await agentPage.getByTestId('sign-in-password').fill(newPassword)
      await agentPage.getByTestId('sign-in-submit').click()
      await agentPage.getByTestId('user-menu').waitFor()

      // The link is spent, and the old password no longer opens the account.
      const post = (path: string, body: unknown) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.url! },
          body: JSON.stringify(body),
        })
      const token = new URL(link).hash.slice('#token='.length)
      const reused = await post('/api/auth/setup', { token, password: 'yet another passphrase' })
      expect(reused.status).toBeGreaterThanOrEqual(400)
      const old = await post('/api/auth/sign-in', { email: agent.email, password: TEST_PASSWORD })
      expect(old.status).toBe(401)
    } finally {
      await browser.close()
    }
  }, 60_000)
})
