import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'

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
