import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { expect } from 'vitest'

/** Debian's Chromium, as CI installs it; never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results')

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
    ],
  })
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  return path.join(SCREENSHOTS, name)
}

/** A phone's window (an iPhone 12 to 15), for the screenshots that check the small layout. */
export const PHONE_VIEWPORT = { width: 390, height: 844 }

/**
 * Screenshots the page at a phone's size, then gives it back the size it had: the whole page,
 * or only the window (`fullPage: false`, for a modal dialog, whose backdrop covers the window).
 */
export async function screenshotAsPhone(
  page: Page,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<void> {
  const before = page.viewportSize()
  await page.setViewportSize(PHONE_VIEWPORT)
  try {
    await page.screenshot({ path: screenshotPath(name), fullPage })
  } finally {
    if (before) await page.setViewportSize(before)
  }
}

/** How wide the page is: wider than the window means it scrolls sideways. */
export const pageWidth = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth')

/** Nothing runs off a phone's screen: checked at a phone's size, then screenshotted there. */
export async function expectFitsPhone(page: Page, name: string): Promise<void> {
  const before = page.viewportSize()
  await page.setViewportSize(PHONE_VIEWPORT)
  try {
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE_VIEWPORT.width)
  } finally {
    if (before) await page.setViewportSize(before)
  }
  await screenshotAsPhone(page, name)
}
