import type { Page } from 'playwright-core'

/** Signs in through the console's own sign-in page, as a person would. */
export async function signInThroughPage(
  page: Page,
  url: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(url)
  await page.getByTestId('sign-in-email').fill(email)
  await page.getByTestId('sign-in-password').fill(password)
  await page.getByTestId('sign-in-submit').click()
  await page.getByTestId('user-menu').waitFor({ timeout: 15_000 })
}
